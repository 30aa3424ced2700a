package io.streamz4j.checkpoint;

import io.streamz4j.Stream;
import io.streamz4j.core.Collect;
import io.streamz4j.core.PartitionUnique;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.streamz4j.checkpoint.SimulatedCrash.assertRestartContinuesAsUncrashed;
import static io.streamz4j.checkpoint.SimulatedCrash.open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link NodeSnapshot}s of the stateful nodes that are not windows, on real Chronicle queues in
 * temporary directories: a restart from a checkpoint gives exactly what a run that never stopped
 * gives, and the nodes that keep the newest element ({@code latest}, {@code combine_latest}) no
 * longer hold the checkpoint back. Crashes are simulated as in {@link WindowSnapshotTest}.
 */
class NodeSnapshotTest {

    /** Seen keys x % 7: seven pass, then none. */
    private static final SimulatedCrash.Pipeline UNIQUE = source -> {
        Stream<Long> unique = source.map(x -> x % 7).unique();
        source.snapshot("unique", NodeSnapshot.of(unique, Codecs.LONG));
        return unique.sinkToList();
    };

    /** An LRU of four keys x*x % 13: which keys come back after eviction depends on the order restored. */
    private static final SimulatedCrash.Pipeline UNIQUE_LRU = source -> {
        Stream<Long> unique = source.map(x -> x * x % 13).unique(4);
        source.snapshot("unique", NodeSnapshot.of(unique, Codecs.LONG));
        return unique.sinkToList();
    };

    /** The history as a list compared by equality (hashable=False), of the three most recent keys x*x % 7. */
    private static final SimulatedCrash.Pipeline UNIQUE_UNHASHABLE = source -> {
        Stream<Long> unique = source.map(x -> x * x % 7).unique(3, k -> k, false);
        source.snapshot("unique", NodeSnapshot.of(unique, Codecs.LONG));
        return unique.sinkToList();
    };

    /** A running sum below latest: latest holds its newest element at every cut. */
    private static final SimulatedCrash.Pipeline LATEST = source -> {
        Stream<Long> latest = source.latest();
        source.snapshot("latest", NodeSnapshot.of(latest, Codecs.LONG));
        Stream<Long> sum = latest.accumulate((Long acc, Long x) -> acc + x, 0L);
        source.snapshot("sum", AccumulateSnapshot.of(sum, Codecs.LONG));
        return sum.sinkToList();
    };

    /** The latest even with the latest multiple of three, on either's arrival. */
    private static final SimulatedCrash.Pipeline COMBINE_LATEST = source -> {
        Stream<List<Object>> combined = source.filter(x -> x % 2 == 0).combineLatest(source.filter(x -> x % 3 == 0));
        source.snapshot("combined", NodeSnapshot.of(combined, Codecs.LONG));
        return combined.sinkToList();
    };

    /** Evens paired with multiples of three: unmatched evens pile up. */
    private static final SimulatedCrash.Pipeline ZIP = source -> {
        Stream<List<Object>> zipped = source.filter(x -> x % 2 == 0).zip(source.filter(x -> x % 3 == 0));
        source.snapshot("zip", NodeSnapshot.of(zipped, Codecs.LONG));
        return zipped.sinkToList();
    };

    /** Every even with the latest multiple of five; the evens before 5 wait. */
    private static final SimulatedCrash.Pipeline ZIP_LATEST = source -> {
        Stream<List<Object>> zipped = source.filter(x -> x % 2 == 0).zipLatest(source.filter(x -> x % 5 == 0));
        source.snapshot("zip_latest", NodeSnapshot.of(zipped, Codecs.LONG));
        return zipped.sinkToList();
    };

    /** Everything collected until a multiple of six flushes it. */
    private static final SimulatedCrash.Pipeline COLLECT = source -> {
        Collect<Long> collect = source.collect();
        source.snapshot("collect", NodeSnapshot.of(collect, Codecs.LONG));
        source.filter(x -> x % 6 == 0).sink(x -> collect.flush());
        return collect.sinkToList();
    };

    /** Tuples of three distinct keys x % 4, keeping the last of a key. */
    private static final SimulatedCrash.Pipeline PARTITION_UNIQUE = source -> {
        Stream<List<Long>> partitions = source.map(x -> x * 7 % 11).partitionUnique(3, x -> x % 4,
                PartitionUnique.Keep.LAST);
        source.snapshot("partition_unique", NodeSnapshot.of(partitions, Codecs.LONG));
        return partitions.sinkToList();
    };

    /** The counts of outputs here are streamz 0.6.4's for the same pipelines over 1..40. */
    @Test
    void aRestoredUniquePassesNothingItHadSeen(@TempDir Path tmp) {
        assertRestartContinuesAsUncrashed(tmp, UNIQUE, 7, false);
    }

    @Test
    void aRestoredLruUniqueEvictsInTheSameOrder(@TempDir Path tmp) {
        assertRestartContinuesAsUncrashed(tmp, UNIQUE_LRU, 21, false);
    }

    @Test
    void aRestoredUnhashableUniqueKeepsItsRecencyOrder(@TempDir Path tmp) {
        assertRestartContinuesAsUncrashed(tmp, UNIQUE_UNHASHABLE, 13, false);
    }

    @Test
    void aRestoredLatestContinuesAsAnUncrashedRun(@TempDir Path tmp) {
        assertRestartContinuesAsUncrashed(tmp, LATEST, 40, true);
    }

    @Test
    void aRestoredCombineLatestKeepsEachStreamsLatest(@TempDir Path tmp) {
        assertRestartContinuesAsUncrashed(tmp, COMBINE_LATEST, 32, true);
    }

    @Test
    void aRestoredZipPairsItsUnmatchedElements(@TempDir Path tmp) {
        assertRestartContinuesAsUncrashed(tmp, ZIP, 13, true);
    }

    @Test
    void aRestoredZipLatestKeepsTheLatestAndTheWaiting(@TempDir Path tmp) {
        assertRestartContinuesAsUncrashed(tmp, ZIP_LATEST, 20, true);
    }

    @Test
    void aRestoredCollectFlushesWhatItHeld(@TempDir Path tmp) {
        assertRestartContinuesAsUncrashed(tmp, COLLECT, 6, true);
    }

    @Test
    void aRestoredPartitionUniqueFillsItsPartition(@TempDir Path tmp) {
        assertRestartContinuesAsUncrashed(tmp, PARTITION_UNIQUE, 7, true);
    }

    /**
     * The reproduction: unique() passed 0 and 1 again after a restart. With its snapshot
     * the restarted node remembers them.
     */
    @Test
    void uniqueDoesNotPassAgainWhatItPassedBeforeARestart(@TempDir Path dir) {
        List<Long> first = runUnique(dir, 0L, 1L, 0L, 1L);
        assertEquals(List.of(0L, 1L), first);
        assertEquals(List.of(2L), runUnique(dir, 0L, 1L, 2L), "0 and 1 were passed before the restart");
    }

    private static List<Long> runUnique(Path dir, Long... values) {
        try (JournaledSource<Long> source = open(dir)) {
            Stream<Long> unique = source.unique();
            source.snapshot("unique", NodeSnapshot.of(unique, Codecs.LONG));
            List<Long> out = unique.sinkToList();
            source.start();
            for (Long x : values) {
                source.emit(x);
            }
            return new ArrayList<>(out);
        }
    }

    /** The reproduction: with any snapshot registered, latest() kept the checkpoint at -1 for ever. */
    @Test
    void aSnapshottedLatestLetsTheCheckpointFollowTheNewestElement(@TempDir Path dir) {
        assertCheckpointFollows(dir, LATEST);
    }

    @Test
    void aSnapshottedCombineLatestLetsTheCheckpointFollowTheNewestElement(@TempDir Path dir) {
        assertCheckpointFollows(dir, COMBINE_LATEST);
    }

    /**
     * 3,000 emits, a checkpoint every hundred: each stores the cut taken at the first emit after
     * the one before it, so it moves on by a hundred every time.
     */
    private static void assertCheckpointFollows(Path dir, SimulatedCrash.Pipeline pipeline) {
        try (JournaledSource<Long> source = open(dir)) {
            pipeline.apply(source);
            source.start();
            source.emit(0L);
            source.checkpoint(); // a snapshot is due from here on
            for (long x = 1; x <= 3000; x++) {
                source.emit(x);
                if (x % 100 == 0) {
                    long checkpoint = source.checkpoint();
                    assertEquals(x - 99, JournalProbe.valueAt(dir, checkpoint, -1),
                            "the cut taken after the previous checkpoint is stored");
                }
            }
            assertTrue(source.inFlight() > 0, "the node holds elements at every cut");
            assertEquals(List.of(), source.checkpointHeldBy(), "the snapshotted nodes hold everything in flight");
        }
    }

    /**
     * Without latest's snapshot the checkpoint cannot move past the element it holds; the source
     * names it, with what to register.
     */
    @Test
    void anUnsnapshottedLatestIsNamedAsWhatHoldsTheCheckpoint(@TempDir Path dir) {
        try (JournaledSource<Long> source = open(dir)) {
            Stream<Long> sum = source.latest().accumulate((Long acc, Long x) -> acc + x, 0L);
            source.snapshot("sum", AccumulateSnapshot.of(sum, Codecs.LONG));
            source.start();
            for (long x = 0; x < 3000; x++) {
                source.emit(x);
                if (x % 100 == 0) {
                    assertEquals(-1, source.checkpoint(), "latest always holds its newest element");
                }
            }
            assertEquals(List.of("<latest> holds 1 reference and has no snapshot (register NodeSnapshot.of(node,"
                    + " codec))"), source.checkpointHeldBy());
        }
    }

    @Test
    void onlyNodesThatExposeTheirContentsAreAccepted(@TempDir Path dir) {
        try (JournaledSource<Long> source = open(dir)) {
            Stream<Long> mapped = source.map(x -> x);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NodeSnapshot.of(mapped, Codecs.LONG));
            assertTrue(e.getMessage().startsWith("NodeSnapshot: parameter 'node' must be a node that exposes"),
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> WindowSnapshot.of(source.latest(), Codecs.LONG));
            assertTrue(e.getMessage().startsWith("WindowSnapshot: parameter 'window' must be a sliding_window"),
                    e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> NodeSnapshot.of(source.unique(), null));
            assertEquals("NodeSnapshot: parameter 'valueCodec' must not be null", e.getMessage());
        }
    }

    /** A stored state of the wrong shape is refused naming the node, here a latest given two values. */
    @Test
    void aStateOfTheWrongShapeIsRefusedNamingTheNode(@TempDir Path dir) {
        try (JournaledSource<Long> source = open(dir)) {
            NodeSnapshot<Long> zip = NodeSnapshot.of(source.zip(source.map(x -> x)), Codecs.LONG);
            NodeSnapshot<Long> latest = NodeSnapshot.of(source.latest(), Codecs.LONG);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> latest.restore(zip.snapshot()));
            assertTrue(e.getMessage().startsWith("<latest>: restores no group or one group of one value"),
                    e.getMessage());
        }
    }
}
