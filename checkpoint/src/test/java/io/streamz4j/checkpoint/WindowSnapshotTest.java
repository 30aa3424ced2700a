package io.streamz4j.checkpoint;

import io.streamz4j.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

import static io.streamz4j.checkpoint.SimulatedCrash.assertRestartContinuesAsUncrashed;
import static io.streamz4j.checkpoint.SimulatedCrash.open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshots of windows that never empty, taken at a consistent cut (every element in flight held
 * by a snapshotted node), on real Chronicle queues in temporary directories. A crash is simulated
 * by putting back, after the run, the checkpoint file as it was stored at an earlier moment: what
 * a process killed before its next checkpoint leaves on disk.
 */
class WindowSnapshotTest {

    /** Running total of the sums of sliding windows of three; window and total snapshotted. */
    private static final SimulatedCrash.Pipeline SLIDING_TOTALS = source -> {
        Stream<List<Long>> window = source.slidingWindow(3);
        source.snapshot("window", WindowSnapshot.of(window, Codecs.LONG));
        Stream<Long> total = window.map(w -> w.stream().mapToLong(Long::longValue).sum())
                .accumulate((Long acc, Long x) -> acc + x, 0L);
        source.snapshot("total", AccumulateSnapshot.of(total, Codecs.LONG));
        return total.sinkToList();
    };

    /** Partitions of three sharing parity: two groups held at once. */
    private static final SimulatedCrash.Pipeline KEYED_PARTITIONS = source -> {
        Stream<List<Long>> partitions = source.partition(3, x -> x % 2);
        source.snapshot("partitions", WindowSnapshot.of(partitions, Codecs.LONG));
        return partitions.sinkToList();
    };

    @Test
    void checkpointAdvancesWhileASnapshottedSlidingWindowNeverEmpties(@TempDir Path dir) {
        try (JournaledSource<Long> source = open(dir)) {
            SLIDING_TOTALS.apply(source);
            source.start();
            source.emit(0L);
            source.checkpoint(); // a snapshot is due from here on
            for (long x = 1; x < 50; x++) {
                source.emit(x);
                long checkpoint = source.checkpoint();
                assertEquals(x, JournalProbe.valueAt(dir, checkpoint, -1), "the cut follows the newest element");
                assertEquals(2, source.inFlight(), "the window always holds its two newest elements");
            }
        }
    }

    /** The restarted window and total continue exactly as in a run that never stopped. */
    @Test
    void aRestoredSlidingWindowContinuesAsAnUncrashedRun(@TempDir Path tmp) {
        assertRestartContinuesAsUncrashed(tmp, SLIDING_TOTALS, 40, true);
    }

    /**
     * Mirrors test_core.py::test_partition_ref_counts across a restart: held partitions come back
     * and fill up, and their restored elements release nothing when they leave.
     */
    @Test
    void aRestoredKeyedPartitionContinuesAsAnUncrashedRun(@TempDir Path tmp) {
        assertRestartContinuesAsUncrashed(tmp, KEYED_PARTITIONS, 12, true);
    }


    @Test
    void restoredPartitionElementsLeaveWithoutReleasingAndTheCheckpointMovesOn(@TempDir Path dir) {
        try (JournaledSource<Long> source = open(dir)) {
            Stream<List<Long>> partitions = source.partition(3);
            source.snapshot("p", WindowSnapshot.of(partitions, Codecs.LONG));
            partitions.sink(p -> { });
            source.start();
            for (long x = 1; x <= 8; x++) {
                source.emit(x);
                source.checkpoint();
            }
            assertEquals(2, source.inFlight(), "7 and 8 wait in the partition");
        }
        try (JournaledSource<Long> source = open(dir)) {
            List<Long> replayed = source.sinkToList();
            Stream<List<Long>> partitions = source.partition(3);
            source.snapshot("p", WindowSnapshot.of(partitions, Codecs.LONG));
            List<List<Long>> out = partitions.sinkToList();
            source.start();
            assertEquals(List.of(), replayed, "the snapshot covers the held 7 and 8, so nothing replays");
            source.emit(9L);
            assertEquals(List.of(List.of(7L, 8L, 9L)), out);
            assertEquals(0, source.inFlight(), "9 was released once, and 7 and 8 released nothing");
            source.checkpoint();
            source.emit(10L);
            assertEquals(10L, JournalProbe.valueAt(dir, source.checkpoint(), -1));
        }
    }

    /**
     * Mirrors test_core.py::test_buffer_ref_counts: an element a buffer holds keeps the cut from
     * being taken although the window beside it is snapshotted; once the buffer lets go (later
     * elements do not enter it), the cut follows the newest element again.
     */
    @Test
    void anElementInABufferBlocksTheCut(@TempDir Path dir) {
        Semaphore gate = new Semaphore(0);
        List<Long> sunk = new CopyOnWriteArrayList<>();
        try (JournaledSource<Long> source = open(dir)) {
            Stream<List<Long>> window = source.slidingWindow(3);
            source.snapshot("window", WindowSnapshot.of(window, Codecs.LONG));
            window.sink(w -> { });
            source.filter(x -> x < 10).buffer(16).sink(x -> {
                gate.acquireUninterruptibly();
                sunk.add(x);
            });
            source.start();
            for (long x = 0; x < 10; x++) {
                source.emit(x);
                assertEquals(-1, source.checkpoint(), "0 and all after it wait in the buffer");
            }
            gate.release(10);
            // the window keeps 8 and 9 in flight, so the in-flight count alone does not say the buffer delivered them
            DrainWait.until(() -> sunk.size() == 10 && source.inFlight() <= 2);
            assertEquals(10, sunk.size());
            assertEquals(2, source.inFlight(), "only the window holds elements now");
            for (long x = 10; x < 10 + JournaledSource.MAX_CUT_BACKOFF; x++) {
                source.emit(x);
                source.checkpoint();
            }
            long last = 9 + JournaledSource.MAX_CUT_BACKOFF;
            source.emit(last + 1);
            assertEquals(last + 1, JournalProbe.valueAt(dir, source.checkpoint(), -1),
                    "with the buffer drained, the cut follows the newest element again");
        }
    }

    private static long journalFiles(Path dir, boolean snapshotTheWindow) throws IOException {
        return JournalFaultsTest.cycleFilesAfterFiveSeconds(dir, Retention.deleteBelowCheckpoint(0), source -> {
            Stream<Long> sum = source.accumulate((Long acc, Long x) -> acc + x, 0L);
            source.snapshot("sum", AccumulateSnapshot.of(sum, Codecs.LONG));
            Stream<List<Long>> window = source.slidingWindow(3);
            if (snapshotTheWindow) {
                source.snapshot("window", WindowSnapshot.of(window, Codecs.LONG));
            }
            window.sink(w -> { });
        });
    }

    @Test
    void retentionTrimsBelowTheCutOfASnapshottedWindow(@TempDir Path tmp) throws IOException {
        assertEquals(5, journalFiles(tmp.resolve("unsnapshotted"), false),
                "a window without a snapshot blocks every cut: all five cycles stay");
        assertEquals(1, journalFiles(tmp.resolve("snapshotted"), true),
                "the cut follows the newest element: only its cycle is left");
    }

    @Test
    void windowsThatCannotBeSnapshottedAreRefusedByName(@TempDir Path dir) {
        try (JournaledSource<Long> source = open(dir)) {
            IllegalArgumentException notAWindow = assertThrows(IllegalArgumentException.class,
                    () -> WindowSnapshot.of(source.map(x -> x), Codecs.LONG));
            assertTrue(notAWindow.getMessage().contains("'window'"), notAWindow.getMessage());
            assertThrows(IllegalArgumentException.class, () -> WindowSnapshot.of(source.slidingWindow(2), null));
        }
    }

    /** A state that cannot be the window's (a partition of three's held pair into one of two) is refused. */
    @Test
    void aStateTooBigForTheWindowIsRefusedAtRestore(@TempDir Path dir) {
        try (JournaledSource<Long> source = open(dir)) {
            Stream<List<Long>> three = source.partition(3);
            WindowSnapshot<Long> big = WindowSnapshot.of(three, Codecs.LONG);
            source.start();
            source.emit(1L);
            source.emit(2L);
            byte[] pair = big.snapshot();
            WindowSnapshot<Long> small = WindowSnapshot.of(source.partition(2), Codecs.LONG);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> small.restore(pair));
            assertTrue(e.getMessage().contains("partition") && e.getMessage().contains("1 to 1"), e.getMessage());
            IllegalArgumentException truncated = assertThrows(IllegalArgumentException.class,
                    () -> big.restore(new byte[] {0, 0, 0, 1}));
            assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());
        }
    }
}
