package io.streamz4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.Metadata;
import io.streamz4j.RefCounter;
import io.streamz4j.Stream;
import io.streamz4j.runtime.EventLoop;
import io.streamz4j.runtime.ManualClock;
import io.streamz4j.runtime.WaitStrategy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The contents a checkpoint reads and puts back on the stateful nodes that are not windows: the
 * held values, the references still held (and only those), and a restore that lets go of what the
 * node held, holds no references itself, and carries on as the node it was read from.
 */
class NodeContentsTest {

    private static List<Map<String, Object>> counted(RefCounter ref) {
        return Metadata.withRef(ref);
    }

    private static List<RefCounter> refsIn(List<Map<String, Object>> metadata) {
        List<RefCounter> refs = new ArrayList<>();
        for (Map<String, Object> entry : metadata) {
            refs.add((RefCounter) entry.get(Metadata.REF));
        }
        return refs;
    }

    @Test
    void latestHoldsItsNewestElementAndARestoredOneIsTakenAsEmitted() {
        Stream<Integer> source = new Stream<>();
        Latest<Integer> latest = (Latest<Integer>) source.latest();
        List<Integer> out = latest.sinkToList();
        assertEquals(List.of(), latest.heldValues(), "nothing seen yet");
        RefCounter one = new RefCounter();
        RefCounter two = new RefCounter();
        source.emit(1, counted(one));
        source.emit(2, counted(two));
        assertEquals(List.of(List.of(2)), latest.heldValues());
        assertEquals(List.of(two), refsIn(latest.heldMetadata()));
        latest.restoreHeld(List.of(List.of(7)));
        assertEquals(0, two.count(), "what it held is let go of");
        assertEquals(Metadata.NONE, latest.heldMetadata());
        assertEquals(List.of(List.of(7)), latest.heldValues());
        assertEquals(List.of(1, 2), out, "the restored element is not emitted again");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> latest.restoreHeld(List.of(List.of(1, 2))));
        assertTrue(e.getMessage().startsWith("<latest>: "), e.getMessage());
    }

    @Test
    void combineLatestHoldsEachLatestAndARestoredOneEmitsOnTheNextArrival() {
        Stream<Integer> a = new Stream<>();
        Stream<Integer> b = new Stream<>();
        CombineLatest combined = (CombineLatest) a.combineLatest(b);
        List<List<Object>> out = combined.sinkToList();
        RefCounter one = new RefCounter();
        a.emit(1, counted(one));
        assertEquals(List.of(List.of(1), List.of()), combined.heldValues(), "b has produced nothing yet");
        assertEquals(List.of(one), refsIn(combined.heldMetadata()));
        combined.restoreHeld(List.of(List.of(), List.of(5)));
        assertEquals(0, one.count());
        a.emit(2);
        assertEquals(List.of(List.of(2, 5)), out, "b's restored latest pairs with a's next");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> combined.restoreHeld(List.of(List.of(1))));
        assertTrue(e.getMessage().startsWith("<combine_latest>: restores one group per upstream (2)"), e.getMessage());
    }

    @Test
    void zipHoldsItsUnmatchedElementsAndPairsRestoredOnes() {
        Stream<Integer> a = new Stream<>();
        Stream<Integer> b = new Stream<>();
        Zip zip = (Zip) a.zip(b);
        List<List<Object>> out = zip.sinkToList();
        RefCounter one = new RefCounter();
        a.emit(1, counted(one));
        a.emit(2);
        assertEquals(List.of(List.of(1, 2), List.of()), zip.heldValues());
        assertEquals(List.of(one), refsIn(zip.heldMetadata()));
        zip.restoreHeld(List.of(List.of(3, 4), List.of()));
        assertEquals(0, one.count());
        b.emit(30);
        assertEquals(List.of(List.of(3, 30)), out);
    }

    @Test
    void zipLatestHoldsTheWaitingAndTheLatest() {
        Stream<Integer> lossless = new Stream<>();
        Stream<Integer> other = new Stream<>();
        ZipLatest zipped = (ZipLatest) lossless.zipLatest(other);
        List<List<Object>> out = zipped.sinkToList();
        RefCounter one = new RefCounter();
        lossless.emit(1, counted(one));
        assertEquals(List.of(List.of(1), List.of()), zipped.heldValues(), "1 waits for other's first");
        assertEquals(List.of(one), refsIn(zipped.heldMetadata()));
        zipped.restoreHeld(List.of(List.of(), List.of(9)));
        assertEquals(0, one.count());
        lossless.emit(2);
        assertEquals(List.of(List.of(2, 9)), out);
    }

    @Test
    void collectHoldsItsCacheAndFlushesRestoredElements() {
        Stream<Integer> source = new Stream<>();
        Collect<Integer> collect = source.collect();
        List<List<Integer>> out = collect.sinkToList();
        RefCounter one = new RefCounter();
        source.emit(1, counted(one));
        assertEquals(List.of(List.of(1)), collect.heldValues());
        collect.restoreHeld(List.of(List.of(5, 6)));
        assertEquals(0, one.count());
        collect.flush();
        assertEquals(List.of(List.of(5, 6)), out);
    }

    @Test
    void partitionUniqueKeysRestoredElementsAgain() {
        Stream<Integer> source = new Stream<>();
        PartitionUnique<Integer> partitions = (PartitionUnique<Integer>) source.partitionUnique(3, x -> x % 10,
                PartitionUnique.Keep.FIRST);
        List<List<Integer>> out = partitions.sinkToList();
        RefCounter one = new RefCounter();
        source.emit(1, counted(one));
        assertEquals(List.of(one), refsIn(partitions.heldMetadata()));
        partitions.restoreHeld(List.of(List.of(11, 2)));
        assertEquals(0, one.count());
        source.emit(21); // key 1 again: the restored 11 stays
        source.emit(3);
        assertEquals(List.of(List.of(11, 2, 3)), out);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> partitions.restoreHeld(List.of(List.of(1, 2, 3))));
        assertTrue(e.getMessage().startsWith("<partition_unique: 3>: restores at most one group of at most 2"),
                e.getMessage());
    }

    /** Mirrors test_core.py::test_unique_lru: the LRU's order of recency survives the restore. */
    @Test
    void uniqueRestoresItsHistoryInOrderOfRecency() {
        Stream<Integer> source = new Stream<>();
        Unique<Integer> unique = (Unique<Integer>) source.unique(2);
        List<Integer> out = unique.sinkToList();
        source.emit(1);
        source.emit(2);
        source.emit(1); // 1 becomes the most recent
        assertEquals(List.of(List.of(2, 1)), unique.heldValues());
        assertEquals(Metadata.NONE, unique.heldMetadata(), "keys, not elements");
        Stream<Integer> restartedSource = new Stream<>();
        Unique<Integer> restored = (Unique<Integer>) restartedSource.unique(2);
        List<Integer> restartedOut = restored.sinkToList();
        restored.restoreHeld(unique.heldValues());
        for (int x : new int[] {3, 2, 1}) { // 3 evicts 2, the least recent; 2 then evicts 1
            source.emit(x);
            restartedSource.emit(x);
        }
        assertEquals(List.of(3, 2, 1), restartedOut);
        assertEquals(List.of(1, 2, 3, 2, 1), out);
    }

    /** A node below a time-based node runs on its loop, where a checkpoint must read it; one above does not. */
    @Test
    void aNodeBelowATimedWindowIsReadOnItsLoop() {
        try (EventLoop loop = EventLoop.create("node-contents", new ManualClock(), WaitStrategy.BLOCKING)) {
            Stream<Integer> source = new Stream<>("source", loop);
            Unique<Integer> above = (Unique<Integer>) source.unique();
            Stream<List<Integer>> window = source.timedWindow(Duration.ofSeconds(1));
            Unique<Integer> below = (Unique<Integer>) window.<Integer>flatten().unique();
            Latest<Integer> further = (Latest<Integer>) below.map(x -> x).latest();
            assertNull(above.contentsLoop());
            assertSame(loop, below.contentsLoop());
            assertSame(loop, further.contentsLoop());
            window.destroy();
        }
    }
}
