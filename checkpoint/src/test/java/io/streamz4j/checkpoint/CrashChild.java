package io.streamz4j.checkpoint;

import io.streamz4j.Stream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The pipelines {@link CrashTest} runs in a child JVM and kills. By default: a journaled source of
 * the numbers 0..total-1, a partition and a buffer that hold elements (so some are in flight at
 * any moment), and a sink appending each number as a line to a file with one unbuffered write, so
 * what reached the sink survives a SIGKILL. With the mode {@value #EXACTLY_ONCE}: the numbers pass
 * a map, a snapshotted sliding window of two (its newest element goes on, as the two lines 2x and
 * 2x+1 through a flatten) and a buffer into an {@link ExactlyOnceFileSink}. With the mode
 * {@value #STATE}: snapshotted sums, window and unique, some input poison, whose final state it writes. After a
 * restart each resumes after the newest journaled number.
 *
 * <p>Arguments: journal directory, output file, total, and optionally the mode. Prints READY once
 * replay is done, DONE at the end.
 */
public final class CrashChild {
    static final String EXACTLY_ONCE = "exactly-once";
    static final String STATE = "state";
    static final long POISON_EVERY = 100_003;
    static final long POISON = 77;

    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long total = Long.parseLong(args[2]);
        if (args.length > 3 && args[3].equals(EXACTLY_ONCE)) {
            exactlyOnce(dir, Path.of(args[1]), total);
            System.out.println("DONE");
            return;
        }
        if (args.length > 3 && args[3].equals(STATE)) {
            state(dir, Path.of(args[1]), total);
            System.out.println("DONE");
            return;
        }
        try (FileChannel out = FileChannel.open(Path.of(args[1]), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
             JournaledSource<Long> source = JournaledSource.builder(dir, Codecs.LONG)
                     .name("crash").checkpointInterval(Duration.ofMillis(5)).build()) {
            // The timeout flushes a last group of fewer than four: a restart from a checkpoint inside
            // a group leaves one at the end, and without it the child would wait for it forever.
            Stream<List<Long>> batches = source.partition(4, Duration.ofMillis(20));
            batches.<Long>flatten().buffer(64).sink(x -> write(out, x + "\n"));
            startAndResume(source, total);
            while (source.inFlight() > 0) {
                Thread.onSpinWait();
            }
        }
        System.out.println("DONE");
    }

    private static void exactlyOnce(Path dir, Path out, long total) {
        try (JournaledSource<Long> source = JournaledSource.builder(dir, Codecs.LONG)
                .name("crash").checkpointInterval(Duration.ofMillis(5)).build()) {
            Stream<List<Long>> window = source.map(x -> x).slidingWindow(2);
            source.snapshot("window", WindowSnapshot.of(window, Codecs.LONG));
            // two lines per number, 2x and 2x+1, through a flatten, which tags only the second
            Stream<Long> lines = window.map(w -> List.of(2 * w.get(w.size() - 1), 2 * w.get(w.size() - 1) + 1))
                    .<Long>flatten().buffer(64);
            ExactlyOnceFileSink.builder(out, (Long x) -> Long.toString(x)).build(lines, source);
            startAndResume(source, total);
        } // close() lets the buffer deliver and stores the last checkpoint: the window holds its two
    }

    /**
     * A snapshotted running sum behind a map that throws on every number that is {@value #POISON}
     * modulo {@value #POISON_EVERY} (so those go to the dead-letter journal), a snapshotted sliding
     * window of three, and a snapshotted unique of the halves whose passes a snapshotted count
     * adds up, then a buffer: the restored state must count every input exactly once. Once all is
     * emitted and the source closed, writes the sum, the window's last output and the count to
     * {@code out}.
     */
    private static void state(Path dir, Path out, long total) throws IOException {
        AtomicLong sum = new AtomicLong(-1); // written by the buffer's thread
        AtomicReference<List<Long>> window = new AtomicReference<>(List.of());
        AtomicLong halves = new AtomicLong(-1);
        try (JournaledSource<Long> source = JournaledSource.builder(dir, Codecs.LONG)
                .name("crash").checkpointInterval(Duration.ofMillis(5)).build()) {
            Stream<Long> sums = source.map(x -> {
                if (x % POISON_EVERY == POISON) {
                    throw new IllegalArgumentException("poison " + x);
                }
                return x;
            }).accumulate(Long::sum, 0L);
            source.snapshot("sum", AccumulateSnapshot.of(sums, Codecs.LONG));
            Stream<List<Long>> windows = source.slidingWindow(3);
            source.snapshot("window", WindowSnapshot.of(windows, Codecs.LONG));
            Stream<Long> unique = source.map(x -> x / 2).unique(4);
            source.snapshot("unique", NodeSnapshot.of(unique, Codecs.LONG));
            Stream<Long> count = unique.accumulate((Long n, Long x) -> n + 1, 0L);
            source.snapshot("count", AccumulateSnapshot.of(count, Codecs.LONG));
            sums.buffer(64).sink(sum::set);
            windows.sink(window::set);
            count.sink(halves::set);
            startAndResume(source, total);
        }
        Files.writeString(out, sum.get() + " " + window.get() + " " + halves.get() + "\n");
    }

    /**
     * Starts {@code source} (restoring and replaying), prints READY, then emits the numbers after the
     * newest one journaled, up to {@code end} exclusive: the README's resume loop.
     */
    static void startAndResume(JournaledSource<Long> source, long end) {
        source.start();
        System.out.println("READY");
        System.out.flush();
        Long last = source.lastJournaled();
        for (long i = last == null ? 0 : last + 1; i < end; i++) {
            source.emit(i);
        }
    }

    /** Appends {@code line} to {@code out}: a file channel, so a line the kill tears is visible as such. */
    static void write(FileChannel out, String line) {
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
