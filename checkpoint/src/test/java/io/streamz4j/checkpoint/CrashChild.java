package io.streamz4j.checkpoint;

import io.streamz4j.Stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

/**
 * The pipeline {@link CrashTest} runs in a child JVM and kills: a journaled source of the numbers
 * 0..total-1, a partition and a buffer that hold elements (so some are in flight at any moment),
 * and a sink appending each number as a line to a file with one unbuffered write, so what reached
 * the sink survives a SIGKILL. After a restart it resumes after the newest journaled number.
 *
 * <p>Arguments: journal directory, output file, total. Prints READY once replay is done, DONE at
 * the end.
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long total = Long.parseLong(args[2]);
        try (FileChannel out = FileChannel.open(Path.of(args[1]), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
             JournaledSource<Long> source = JournaledSource.builder(dir, Codecs.LONG)
                     .name("crash").checkpointInterval(Duration.ofMillis(5)).build()) {
            // The timeout flushes a last group of fewer than four: a restart from a checkpoint inside
            // a group leaves one at the end, and without it the child would wait for it forever.
            Stream<List<Long>> batches = source.partition(4, Duration.ofMillis(20));
            batches.<Long>flatten().buffer(64).sink(x -> write(out, x + "\n"));
            source.start();
            System.out.println("READY");
            System.out.flush();
            Long last = source.lastJournaled();
            for (long i = last == null ? 0 : last + 1; i < total; i++) {
                source.emit(i);
            }
            while (source.inFlight() > 0) {
                Thread.onSpinWait();
            }
        }
        System.out.println("DONE");
    }

    private static void write(FileChannel out, String line) {
        try {
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
