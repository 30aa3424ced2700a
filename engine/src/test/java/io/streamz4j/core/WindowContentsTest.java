package io.streamz4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.Metadata;
import io.streamz4j.RefCounter;
import io.streamz4j.Stream;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The hooks a checkpoint snapshot uses on sliding windows and partitions: held values and the
 * references still held, read back; restored values that hold no references and release nothing.
 * A restored window then goes on as test_core.py::test_sliding_window and ::test_partition expect.
 */
class WindowContentsTest {

    private static List<Map<String, Object>> counted(RefCounter ref) {
        return Metadata.withRef(ref);
    }

    @Test
    void aSlidingWindowShowsItsValuesAndOnlyTheReferencesItStillHolds() {
        Stream<Integer> source = new Stream<>();
        SlidingWindow<Integer> window = (SlidingWindow<Integer>) source.slidingWindow(2);
        RefCounter[] refs = {new RefCounter(), new RefCounter(), new RefCounter()};
        for (int i = 0; i < 3; i++) {
            source.emit(i, counted(refs[i]));
        }
        assertEquals(List.of(List.of(1, 2)), window.heldValues());
        List<Map<String, Object>> held = window.heldMetadata();
        assertEquals(1, held.size(), "1's references went with its last full window");
        assertSame(refs[2], held.get(0).get(Metadata.REF));
        assertNull(window.contentsLoop(), "a sliding window runs on the emitting thread");
    }

    @Test
    void aRestoredSlidingWindowContinuesAndReleasesOnlyNewElements() {
        Stream<Integer> source = new Stream<>();
        SlidingWindow<Integer> window = (SlidingWindow<Integer>) source.slidingWindow(3);
        List<List<Integer>> out = window.sinkToList();
        window.restoreHeld(List.of(List.of(7, 8)));
        assertEquals(Metadata.NONE, window.heldMetadata());
        RefCounter nine = new RefCounter();
        source.emit(9, counted(nine));
        source.emit(10);
        assertEquals(1, nine.count(), "9 is still in the window");
        source.emit(11);
        assertEquals(List.of(List.of(7, 8, 9), List.of(8, 9, 10), List.of(9, 10, 11)), out);
        assertEquals(0, nine.count(), "9 was retained once and released once its last window went out");
        assertThrows(IllegalArgumentException.class, () -> window.restoreHeld(List.of(List.of(1, 2, 3, 4))));
    }

    @Test
    void aRestoredKeyedPartitionRegroupsByKeyAndReleasesOnlyNewElements() {
        Stream<Integer> source = new Stream<>();
        Partition<Integer> partition = (Partition<Integer>) source.partition(3, x -> x % 2);
        List<List<Integer>> out = partition.sinkToList();
        partition.restoreHeld(List.of(List.of(1, 3), List.of(2)));
        assertTrue(partition.heldMetadata().isEmpty(), "restored elements hold no references");
        RefCounter five = new RefCounter();
        source.emit(5, counted(five));
        source.emit(4);
        assertEquals(List.of(List.of(1, 3, 5)), out);
        assertEquals(0, five.count());
        assertEquals(List.of(List.of(2, 4)), partition.heldValues());
        IllegalArgumentException full = assertThrows(IllegalArgumentException.class,
                () -> partition.restoreHeld(List.of(List.of(1, 3, 5))));
        assertTrue(full.getMessage().contains("1 to 2"), full.getMessage());
    }

    @Test
    void aTimedPartitionSaysItRunsOnItsLoop() {
        Stream<Integer> source = new Stream<>();
        Partition<Integer> timed = (Partition<Integer>) source.partition(3, Duration.ofSeconds(1));
        try {
            assertNotNull(timed.contentsLoop(), "a timed partition runs on its pipeline's loop");
            assertTrue(timed.contentsLoop().isRunning());
        } finally {
            timed.destroy();
        }
    }
}
