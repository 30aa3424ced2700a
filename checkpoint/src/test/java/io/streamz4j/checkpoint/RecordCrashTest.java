package io.streamz4j.checkpoint;

import static io.streamz4j.checkpoint.RecordTicks.TICK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * A real crash of the record path: {@link RecordCrashChild} journals ticks through a
 * {@link JournaledRecordRing} in a child JVM and is killed with SIGKILL at random moments (during
 * start and replay too), then restarted; a last run finishes. Every tick must have reached the
 * handler at least once with every field as written, and every duplicate must be one that was in
 * flight at a crash: after the checkpoint stored then, and no later than the newest tick
 * journaled. (As {@link CrashTest} does for the object path.)
 */
class RecordCrashTest {
    private static final int KILLS = 8;
    private static final long TOTAL = 60_000;

    /** The journal at one kill: the tick the stored checkpoint covers and the newest journaled (-1: none). */
    private record Window(long checkpointed, long last) {
        boolean contains(long tick) {
            return tick > checkpointed && tick <= last;
        }
    }

    @Test
    void everyTickReachesTheHandlerAtLeastOnceFieldByFieldAcrossRandomKills(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("journal");
        Path out = tmp.resolve("handled.txt");
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<Window> windows = new ArrayList<>();
        for (int kill = 0; kill < KILLS; kill++) {
            CrashTest.killAtRandom(launch(dir, out), random, seed, 150);
            if (Files.exists(dir.resolve(Journal.METADATA))) {
                Checkpoint checkpoint = new CheckpointFile(dir).read();
                long checkpointed = checkpoint.position() == null ? -1
                        : RecordTicks.number(new UnsafeBuffer(checkpoint.position()));
                windows.add(new Window(checkpointed, lastTick(dir, checkpoint.completedThrough())));
            }
        }
        Process last = launch(dir, out);
        CrashTest.watch(last, "DONE");
        if (!last.waitFor(120, TimeUnit.SECONDS)) {
            String threads = CrashTest.threadDump(last);
            last.destroyForcibly();
            fail("the last run did not finish in 120 s (seed " + seed + "); its threads:\n" + threads);
        }
        assertEquals(0, last.exitValue(), "the last run failed");

        int[] seen = new int[(int) TOTAL];
        for (String line : Files.readAllLines(out)) {
            long tick = Long.parseLong(line);
            if (tick < 0 || tick >= TOTAL) {
                fail("a tick came back with fields that are not the tick's: " + line + " (seed " + seed + ")");
            }
            seen[(int) tick]++;
        }
        long duplicates = 0;
        for (int tick = 0; tick < TOTAL; tick++) {
            if (seen[tick] == 0) {
                fail("tick " + tick + " never reached the handler (seed " + seed + ", windows " + windows + ")");
            }
            if (seen[tick] > 1) {
                duplicates += seen[tick] - 1;
                long t = tick;
                long inFlight = windows.stream().filter(w -> w.contains(t)).count();
                assertTrue(seen[tick] - 1 <= inFlight, "tick " + tick + " reached the handler " + seen[tick]
                        + " times but was in flight at only " + inFlight + " kills (seed " + seed + ")");
            }
        }
        assertTrue(windows.stream().anyMatch(w -> w.last > w.checkpointed),
                "no kill came with ticks in flight: " + windows);
        System.out.println("record crash test: " + KILLS + " kills, " + duplicates + " duplicates, windows " + windows
                + " (seed " + seed + ")");
    }

    private static Process launch(Path dir, Path out) throws java.io.IOException {
        return CrashTest.launch(RecordCrashChild.class, dir.toString(), out.toString(), Long.toString(TOTAL));
    }

    /**
     * The newest tick in the journal (-1: none), read with Chronicle directly and read-only, from
     * {@code fromIndex} (the start when negative or gone).
     */
    private static long lastTick(Path dir, long fromIndex) {
        long last = -1;
        byte[] message = new byte[TICK.messageLength()];
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir).readOnly(true).build();
             ExcerptTailer tailer = queue.createTailer()) {
            if (fromIndex >= 0 && !tailer.moveToIndex(fromIndex)) {
                tailer.toStart();
            }
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        return last;
                    }
                    Bytes<?> bytes = dc.wire().bytes();
                    if (bytes.readRemaining() == message.length + Integer.BYTES) { // a record and its hash, no filler
                        bytes.read(message);
                        last = Math.max(last, RecordTicks.number(new UnsafeBuffer(message)));
                    }
                }
            }
        }
    }
}
