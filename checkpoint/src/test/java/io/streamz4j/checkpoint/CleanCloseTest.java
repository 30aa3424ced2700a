package io.streamz4j.checkpoint;

import io.streamz4j.Metadata;
import io.streamz4j.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A clean stop: {@code close()} lets the pipeline finish what it accepted, waits until nothing is
 * in flight outside snapshotted nodes, and stores a last checkpoint there, so the restart replays
 * nothing and the restored state is exactly the state at the stop.
 */
class CleanCloseTest {

    private static JournaledSource<Long> open(Path dir) {
        return JournaledSource.builder(dir, Codecs.LONG).checkpointInterval(Duration.ZERO).build();
    }

    /** Parks the calling (buffer) thread until {@code source} is stopped, which close() does first. */
    private static long afterStop(JournaledSource<Long> source, long x) {
        while (!source.isStopped()) {
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
        }
        return x;
    }

    /** A buffer, then a snapshotted sliding window and running total: the pipeline of the test below. */
    private static List<Long> pipeline(JournaledSource<Long> source, boolean holdBufferUntilStop) {
        Stream<Long> buffered = source.buffer(1024).map(x -> holdBufferUntilStop ? afterStop(source, x) : x);
        Stream<List<Long>> window = buffered.slidingWindow(3);
        source.snapshot("window", WindowSnapshot.of(window, Codecs.LONG));
        Stream<Long> total = window.map(w -> w.stream().mapToLong(Long::longValue).sum())
                .accumulate((Long acc, Long x) -> acc + x, 0L);
        source.snapshot("total", AccumulateSnapshot.of(total, Codecs.LONG));
        List<Long> totals = new CopyOnWriteArrayList<>(); // filled on the buffer's thread
        total.sink(totals::add);
        return totals;
    }

    /** The running total of sums of sliding windows of three over 1..n, as an uncrashed pipeline gives it. */
    private static long expectedTotal(long n) {
        long total = 0;
        for (long x = 1; x <= n; x++) {
            for (long y = Math.max(1, x - 2); y <= x; y++) {
                total += y;
            }
        }
        return total;
    }

    /**
     * Everything emitted still waits in the buffer when close() begins (its consumer waits for the
     * stop): close lets it through, stores the checkpoint at the last element, with the window and
     * the total, and the restart replays nothing and goes on from exactly there.
     */
    @Test
    void closeImmediatelyAfterEmittingThenRestartReplaysNothingAndStateIsExact(@TempDir Path dir) {
        int n = 200;
        try (JournaledSource<Long> source = open(dir)) {
            List<Long> totals = pipeline(source, true);
            source.start();
            for (long x = 1; x <= n; x++) {
                source.emit(x);
            }
            assertTrue(source.inFlight() >= n - 1, "the buffer holds them all at the stop");
            source.close();
            assertEquals(n, totals.size());
            assertTrue(source.isDestroyed(), "closing the source ends its pipeline");
            assertEquals(0, source.metrics().lag());
        }
        try (JournaledSource<Long> source = open(dir)) {
            List<Long> totals = pipeline(source, false);
            source.start();
            assertEquals(0, source.metrics().replayedAtStart());
            assertEquals(List.of(), totals, "nothing replayed");
            source.emit(n + 1L);
            DrainWait.until(() -> !totals.isEmpty());
            assertEquals(List.of(expectedTotal(n + 1)), totals, "window and total continue exactly");
        }
    }

    /**
     * An element held by work outside the pipeline (a sink handing it to an executor of its own)
     * still completes after the stop: close waits for it rather than store a checkpoint below it.
     */
    @Test
    void closeWaitsForWorkOutsideThePipelineToFinish(@TempDir Path dir) throws InterruptedException {
        ExecutorService outside = Executors.newSingleThreadExecutor();
        try (JournaledSource<Long> source = open(dir)) {
            new Stream<Long>("async", source) {
                @Override
                public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
                    Metadata.retain(metadata, 1);
                    outside.execute(() -> {
                        afterStop(source, 0);
                        Metadata.release(metadata, 1);
                    });
                }
            };
            source.start();
            for (long x = 0; x < 5; x++) {
                source.emit(x);
            }
            assertEquals(5, source.inFlight());
        } finally {
            outside.shutdown();
            assertTrue(outside.awaitTermination(10, TimeUnit.SECONDS));
        }
        try (JournaledSource<Long> source = open(dir)) {
            List<Long> replayed = source.sinkToList();
            source.start();
            assertEquals(List.of(), replayed);
        }
    }

    /**
     * A partial window without a snapshot holds its elements until destroyed; waiting cannot
     * change that, so close stores the checkpoint below the oldest of them and says so, naming
     * its index; the restart replays them (at-least-once is kept). With a bound of zero the
     * warning says the bound ran out.
     */
    @Test
    void elementsHeldOutsideSnapshotsAreNamedAndReplayed(@TempDir Path dir) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream err = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        long held;
        try (JournaledSource<Long> source = JournaledSource.builder(dir, Codecs.LONG)
                .checkpointInterval(Duration.ZERO).closeTimeout(Duration.ZERO).build()) {
            AtomicReference<List<Map<String, Object>>> metadataOf4 = new AtomicReference<>();
            source.partition(3).sink(x -> { });
            new Stream<Long>("probe", source) {
                @Override
                public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
                    if (Long.valueOf(4L).equals(x)) {
                        metadataOf4.set(metadata);
                    }
                }
            };
            source.start();
            for (long x = 0; x < 5; x++) {
                source.emit(x);
            }
            held = JournalPosition.highestIndex(metadataOf4.get()) - 1; // 3 and 4 are held
        } finally {
            System.setErr(err);
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        assertTrue(logged.contains("close() waited its 0 ms bound with 2 element(s) still in flight, the oldest at index 0x"
                + Long.toHexString(held)), logged);
        assertTrue(logged.contains("<partition: 3> holds 2 references"), "the warning names the node: " + logged);
        try (JournaledSource<Long> source = open(dir)) {
            List<Long> replayed = source.sinkToList();
            source.start();
            assertEquals(List.of(3L, 4L), new ArrayList<>(replayed));
        }
    }

    /**
     * Closing another node of the pipeline reaches the same clean stop: the buffer delivers, the
     * work outside the pipeline (which finishes only once the source is being destroyed) is waited
     * for, and the last checkpoint covers everything.
     */
    @Test
    void closingAnyNodeOfThePipelineStopsAsCleanly(@TempDir Path dir) throws InterruptedException {
        ExecutorService outside = Executors.newSingleThreadExecutor();
        JournaledSource<Long> source = open(dir);
        Stream<Long> buffered = source.buffer(64).map(x -> afterStop(source, x));
        List<Long> seen = new CopyOnWriteArrayList<>();
        Stream<Long> handOff = new Stream<>("async", buffered) {
            @Override
            public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
                Metadata.retain(metadata, 1);
                outside.execute(() -> {
                    while (!source.isDestroyed()) { // finishes only once the source's own close has begun
                        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
                    }
                    seen.add((Long) x);
                    Metadata.release(metadata, 1);
                });
            }
        };
        try {
            source.start();
            for (long x = 0; x < 50; x++) {
                source.emit(x);
            }
            handOff.close();
        } finally {
            outside.shutdown();
            assertTrue(outside.awaitTermination(10, TimeUnit.SECONDS));
        }
        assertEquals(50, seen.size());
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> source.emit(99L));
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
        try (JournaledSource<Long> again = open(dir)) {
            List<Long> replayed = again.sinkToList();
            again.start();
            assertEquals(List.of(), replayed);
        }
    }

    @Test
    void aNegativeCloseTimeoutIsRefused(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JournaledSource.builder(dir, Codecs.LONG).closeTimeout(Duration.ofMillis(-1)));
        assertTrue(e.getMessage().contains("'closeTimeout'"), e.getMessage());
        IllegalArgumentException nul = assertThrows(IllegalArgumentException.class,
                () -> JournaledSource.builder(dir, Codecs.LONG).closeTimeout(null));
        assertTrue(nul.getMessage().contains("'closeTimeout'"), nul.getMessage());
    }
}
