package io.streamz4j.checkpoint;

import io.streamz4j.record.tick.TickDecoder;
import io.streamz4j.record.tick.TickEncoder;
import org.agrona.DirectBuffer;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * What {@link RecordCrashTest} runs in a child JVM and kills: a journaled record ring of market
 * ticks whose handler appends each tick's number as a line to a file (one unbuffered write, so
 * what the handler did survives a SIGKILL; -1 for a tick whose fields are not that tick's). After
 * a restart the producer resumes after the newest tick journaled, as a service would.
 *
 * <p>Arguments: journal directory, output file, total. Prints READY once the replay is done, DONE
 * at the end.
 */
public final class RecordCrashChild {
    private RecordCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        long total = Long.parseLong(args[2]);
        try (FileChannel out = FileChannel.open(Path.of(args[1]), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
             JournaledRecordRing<TickEncoder, TickDecoder> ring = JournaledRecordRing.builder(dir, RecordTicks.TICK)
                     .name("crash").capacity(256).checkpointInterval(Duration.ofMillis(5))
                     .handler((tick, sequence, endOfBatch) -> CrashChild.write(out, RecordTicks.number(tick) + "\n"))
                     .build()) {
            ring.start();
            System.out.println("READY");
            System.out.flush();
            DirectBuffer last = ring.lastJournaled();
            for (long i = last == null ? 0 : RecordTicks.number(last) + 1; i < total; i++) {
                long sequence = ring.claim();
                RecordTicks.write(ring.encoder(sequence), i);
                ring.publish(sequence);
            }
        }
        System.out.println("DONE");
    }
}
