package io.streamz4j.checkpoint;

import io.streamz4j.Metadata;
import io.streamz4j.RefCounter;
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
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checkpoints, replay and snapshots of a journaled source, on a real Chronicle queue in a temporary
 * directory. Restarts here are orderly (close, open again); {@link CrashTest} kills the process.
 */
class JournaledSourceTest {

    private static JournaledSource<Long> open(Path dir) {
        return JournaledSource.builder(dir, Codecs.LONG).checkpointInterval(Duration.ZERO).build();
    }

    /** What a fresh pipeline on {@code dir} replays at start. */
    private static List<Long> replayed(Path dir) {
        try (JournaledSource<Long> source = open(dir)) {
            List<Long> seen = source.sinkToList();
            source.start();
            return new ArrayList<>(seen);
        }
    }

    /**
     * Mirrors test_core.py::test_partition_ref_counts and the docs' promise: a checkpoint passes
     * an element only once it has left every node. Odd numbers are done at once, even ones wait in
     * a partition, so later elements complete before earlier ones.
     */
    @Test
    void checkpointStaysBelowAnElementAWindowHoldsWhileLaterOnesComplete(@TempDir Path dir) {
        try (JournaledSource<Long> source = open(dir)) {
            List<List<Long>> pairs = source.filter(x -> x % 2 == 0).partition(2).sinkToList();
            source.start();
            source.emit(0L); // held by the partition
            source.emit(1L); // done at once, after an element still held
            assertEquals(-1, source.checkpoint(), "0 is held, so nothing is checkpointed");
            source.emit(2L); // the partition emits [0, 2]: 0, 1 and 2 are done
            long afterTwo = source.checkpoint();
            assertTrue(afterTwo >= 0);
            source.emit(3L);
            source.emit(4L); // held
            source.emit(5L);
            long afterFive = source.checkpoint();
            assertTrue(afterFive > afterTwo, "3 is done, so the checkpoint moves past 2");
            assertEquals(List.of(List.of(0L, 2L)), pairs);
            assertEquals(1, source.inFlight(), "4 is still held");
        }
        assertEquals(List.of(4L, 5L), replayed(dir), "after a restart everything from the held 4 on replays");
    }

    /**
     * The tracker keeps elements in a ring of reusable slots that starts at 1,024: a window holding
     * more than that at once grows it, and the checkpoint still stays below the oldest held element
     * until the window lets it go, while elements done at once cycle the ring many times over.
     */
    @Test
    void checkpointHoldsBelowMoreElementsInFlightThanTheRingStartsWith(@TempDir Path dir) {
        int held = 3_000;
        try (JournaledSource<Long> source = open(dir)) {
            List<List<Long>> windows = source.filter(x -> x < held).partition(held).sinkToList();
            source.start();
            for (long x = 0; x < held - 1; x++) {
                source.emit(x);
            }
            assertEquals(-1, source.checkpoint(), "element 0 is held by the partition");
            assertEquals(held - 1, source.inFlight());
            source.emit(held - 1L); // the partition emits and lets all of them go
            long released = source.checkpoint();
            assertTrue(released >= 0);
            assertEquals(0, source.inFlight());
            for (long x = held; x < 10 * held; x++) {
                source.emit(x);
            }
            assertTrue(source.checkpoint() > released, "elements done at once move the checkpoint on");
            assertEquals(1, windows.size());
            assertEquals(held, windows.get(0).size());
        }
        assertEquals(List.of(), replayed(dir), "everything was done, so nothing replays");
    }

    /**
     * Snapshots need a moment with nothing in flight; a sliding window always holds its last
     * elements, so none comes and the checkpoint stays put: this is said in a warning rather than
     * left silent, once, after {@link JournaledSource#STALL_WARNING_AFTER} checkpoints, naming the
     * window that holds the elements and what to register for it.
     */
    @Test
    void snapshotsHeldBackByAWindowThatNeverEmptiesAreWarnedAbout(@TempDir Path dir) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream err = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try (JournaledSource<Long> source = open(dir)) {
            Stream<Long> sum = source.accumulate((Long acc, Long x) -> acc + x, 0L);
            source.snapshot("sum", AccumulateSnapshot.of(sum, Codecs.LONG));
            source.slidingWindow(3).sink(w -> { });
            source.start();
            for (long x = 0; x < 2 * JournaledSource.STALL_WARNING_AFTER + 2; x++) {
                source.emit(x);
                assertEquals(-1, source.checkpoint(), "the window always holds an element");
            }
        } finally {
            System.setErr(err);
        }
        String logged = log.toString(StandardCharsets.UTF_8);
        int first = logged.indexOf("the checkpoint has stayed at the start for " + JournaledSource.STALL_WARNING_AFTER);
        assertTrue(first >= 0 && logged.contains("<sliding_window: 3> holds 2 references and has no snapshot"
                + " (register WindowSnapshot.of(node, codec))"), "names the window holding the elements: " + logged);
        assertEquals(-1, logged.indexOf("the checkpoint has stayed", first + 1), "warned once: " + logged);
    }

    /** Mirrors test_core.py::test_buffer_ref_counts: a buffer holds elements until its thread passes them on. */
    @Test
    void checkpointWaitsForElementsHeldInABuffer(@TempDir Path dir) {
        CountDownLatch open = new CountDownLatch(1);
        List<Long> sunk = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (JournaledSource<Long> source = open(dir)) {
            source.buffer(8).sink(x -> {
                await(open);
                sunk.add(x);
            });
            source.start();
            source.emit(10L);
            source.emit(11L);
            source.emit(12L);
            assertEquals(-1, source.checkpoint(), "all three wait in the buffer");
            assertEquals(3, source.inFlight());
            List<String> heldBy = source.checkpointHeldBy();
            assertTrue(heldBy.size() == 1 && heldBy.get(0).endsWith(" references are held by nodes that do not say"
                    + " what they hold (a buffer's or a join's ring, a map_async, a sink on a thread of its own)"),
                    "the buffer's ring is named as a kind: " + heldBy);
            open.countDown();
            DrainWait.untilInFlightAtMost(source, 0);
            assertEquals(List.of(10L, 11L, 12L), sunk);
            assertTrue(source.checkpoint() >= 0);
        }
        assertEquals(List.of(), replayed(dir), "everything was done before the restart");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void replayResumesAfterTheCheckpointAndLastJournaledIsKnown(@TempDir Path dir) {
        try (JournaledSource<Long> source = open(dir)) {
            source.partition(3).sink(x -> { });
            source.start();
            for (long i = 0; i < 7; i++) {
                source.emit(i);
            }
        }
        try (JournaledSource<Long> source = open(dir)) {
            List<Long> seen = source.sinkToList();
            source.start();
            assertEquals(List.of(6L), seen, "0..5 left the partition; 6 was held");
            assertEquals(6L, source.lastJournaled());
        }
    }

    @Test
    void anElementCarriesItsReferenceCounterAndTheUsersMetadata(@TempDir Path dir) {
        try (JournaledSource<Long> source = open(dir)) {
            List<List<Map<String, Object>>> seen = new ArrayList<>();
            new Stream<Long>("probe") {
                {
                    source.connect(this);
                }

                @Override
                public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
                    seen.add(metadata);
                }
            };
            source.start();
            source.emit(1L, List.of(Map.of("topic", "a")));
            assertEquals(2, seen.get(0).size());
            assertEquals("a", seen.get(0).get(0).get("topic"));
            assertInstanceOf(RefCounter.class, seen.get(0).get(1).get(Metadata.REF));
        }
    }

    /** A restarted pipeline continues its running sum from the snapshot instead of from zero. */
    @Test
    void accumulateStateIsSnapshottedAndRestored(@TempDir Path dir) {
        try (JournaledSource<Long> source = open(dir)) {
            Stream<Long> sum = source.accumulate((Long acc, Long x) -> acc + x, 0L);
            source.snapshot("sum", AccumulateSnapshot.of(sum, Codecs.LONG));
            source.start();
            for (long i = 1; i <= 10; i++) {
                source.emit(i);
            }
        }
        try (JournaledSource<Long> source = open(dir)) {
            Stream<Long> sum = source.accumulate((Long acc, Long x) -> acc + x, 0L);
            List<Long> sums = sum.sinkToList();
            source.snapshot("sum", AccumulateSnapshot.of(sum, Codecs.LONG));
            source.start();
            assertEquals(List.of(), sums, "nothing to replay: the snapshot covers all ten");
            source.emit(11L);
            assertEquals(List.of(66L), sums);
        }
    }

    @Test
    void emittingBeforeStartOrNullIsRefused(@TempDir Path dir) {
        try (JournaledSource<Long> source = open(dir)) {
            IllegalStateException early = assertThrows(IllegalStateException.class, () -> source.emit(1L));
            assertTrue(early.getMessage().contains("start()"), early.getMessage());
            source.start();
            IllegalArgumentException nul = assertThrows(IllegalArgumentException.class, () -> source.emit(null));
            assertTrue(nul.getMessage().contains("'x'"), nul.getMessage());
        }
    }

    @Test
    void badArgumentsNameTheParameter(@TempDir Path dir) {
        assertMessage("'dir'", () -> JournaledSource.builder(null, Codecs.LONG));
        assertMessage("'codec'", () -> JournaledSource.builder(dir, null));
        assertMessage("'checkpointInterval'",
                () -> JournaledSource.builder(dir, Codecs.LONG).checkpointInterval(Duration.ofMillis(-1)));
        assertMessage("'minFreeDiskBytes'", () -> JournaledSource.builder(dir, Codecs.LONG).minFreeDiskBytes(-1));
        assertMessage("'keepCycles'", () -> Retention.deleteBelowCheckpoint(-1));
        assertMessage("'node'", () -> AccumulateSnapshot.of(new Stream<Long>(), Codecs.LONG));
        assertMessage("Integer", () -> Codecs.forClass(Object.class).name().concat(Integer.class.getName()));
        try (JournaledSource<Long> source = open(dir)) {
            source.snapshot("x", AccumulateSnapshot.of(source.accumulate(Long::sum), Codecs.LONG));
            assertMessage("already registered",
                    () -> source.snapshot("x", AccumulateSnapshot.of(source.accumulate(Long::sum), Codecs.LONG)));
        }
    }

    private static void assertMessage(String expected, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().contains(expected) || e.getMessage().contains("java.lang.Object"),
                "'" + e.getMessage() + "' should name " + expected);
    }
}
