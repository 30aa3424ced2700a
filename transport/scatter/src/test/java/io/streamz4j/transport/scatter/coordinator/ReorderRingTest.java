package io.streamz4j.transport.scatter.coordinator;

import io.streamz4j.transport.scatter.GatherOrder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ReorderRingTest {
    private final List<Long> released = new ArrayList<>();
    private final List<Object> values = new ArrayList<>();

    private ReorderRing ring(GatherOrder order) {
        return new ReorderRing(8, order, (seq, list, failure) -> {
            released.add(seq);
            values.addAll(list);
            if (failure != null) {
                values.add(failure.getMessage());
            }
        });
    }

    private static void result(ReorderRing ring, long seq, Object... results) {
        List<Object> into = ring.valuesFor(seq);
        into.addAll(List.of(results));
        ring.ready(seq);
    }

    @Test
    void scatterOrderHoldsResultsUntilEveryOlderSequenceArrived() {
        ReorderRing ring = ring(GatherOrder.SCATTER_ORDER);
        result(ring, 2, "c");
        result(ring, 1, "b1", "b2");
        assertEquals(List.of(), released, "sequence 0 is missing: nothing leaves");
        result(ring, 0, "a");
        assertEquals(List.of(0L, 1L, 2L), released);
        assertEquals(List.of("a", "b1", "b2", "c"), values);
        assertEquals(3, ring.nextToRelease());
    }

    @Test
    void aSequenceWithoutValuesStillReleasesTheOnesAfterIt() {
        // a filtered-out, failed or lost element leaves nothing, yet must not hold back the rest
        ReorderRing ring = ring(GatherOrder.SCATTER_ORDER);
        result(ring, 1, "b");
        result(ring, 0);
        assertEquals(List.of(0L, 1L), released);
        assertEquals(List.of("b"), values);
    }

    @Test
    void aFailureLeavesInItsTurnLikeAResult() {
        ReorderRing ring = ring(GatherOrder.SCATTER_ORDER);
        result(ring, 2, "c");
        ring.failed(1, new IllegalStateException("boom"));
        assertEquals(List.of(), released);
        result(ring, 0, "a");
        assertEquals(List.of(0L, 1L, 2L), released);
        assertEquals(List.of("a", "boom", "c"), values);
    }

    @Test
    void completionOrderReleasesEachResultAsItArrives() {
        ReorderRing ring = ring(GatherOrder.COMPLETION_ORDER);
        result(ring, 2, "c");
        result(ring, 0, "a");
        result(ring, 1, "b");
        assertEquals(List.of(2L, 0L, 1L), released);
        assertEquals(List.of("c", "a", "b"), values);
    }

    @Test
    void slotsAreReusedAcrossLapsOfTheRing() {
        ReorderRing ring = ring(GatherOrder.SCATTER_ORDER);
        for (long seq = 0; seq < 40; seq += 2) {
            result(ring, seq + 1, seq + 1);
            result(ring, seq, seq);
        }
        assertEquals(40, released.size());
        for (int i = 0; i < 40; i++) {
            assertEquals((long) i, released.get(i));
            assertEquals((long) i, values.get(i));
        }
    }

    @Test
    void aCapacityThatIsNotAPowerOfTwoIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> new ReorderRing(6, GatherOrder.SCATTER_ORDER, (s, v, f) -> { }));
    }
}
