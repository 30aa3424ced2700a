package io.streamz4j.transport.scatter.coordinator;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InFlightRingTest {

    private static InFlightSlot claimAndPublish(InFlightRing ring, Object element) {
        InFlightSlot slot = ring.tryClaim();
        assertNotNull(slot, "a slot should be free");
        slot.element = element;
        ring.publish(slot);
        return slot;
    }

    @Test
    void capacityIsTheNextPowerOfTwoOfTheLimit() {
        assertEquals(8, new InFlightRing(8).capacity());
        assertEquals(8, new InFlightRing(5).capacity());
        assertEquals(1, new InFlightRing(1).capacity());
        assertEquals(2048, new InFlightRing(1025).capacity());
    }

    @Test
    void aLimitOutsideItsRangeIsRefusedNamingBufferN() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> new InFlightRing(0));
        assertTrue(error.getMessage().contains("buffer") && error.getMessage().contains("'n'"), error.getMessage());
    }

    @Test
    void theProducerMayNotClaimBeyondTheLimitUntilASequenceRetires() {
        InFlightRing ring = new InFlightRing(3);
        for (int i = 0; i < 3; i++) {
            assertEquals(i, claimAndPublish(ring, i).seq());
        }
        assertEquals(3, ring.inFlight());
        assertNull(ring.tryClaim(), "a fourth element must wait: three are in flight");
        ring.complete(0);
        assertNull(ring.tryClaim(), "completed is not enough: in flight until its result left gather");
        ring.retire(0);
        assertEquals(3, claimAndPublish(ring, 3).seq());
        assertEquals(3, ring.inFlight());
    }

    @Test
    void aSlowOldestSequenceStopsTheRingFromLappingIt() {
        // limit 3 in 4 slots: retiring 1, 2, 3 out of order leaves 0 in flight, and sequence 4 would take its slot
        InFlightRing ring = new InFlightRing(3);
        for (int i = 0; i < 3; i++) {
            claimAndPublish(ring, i);
        }
        ring.retire(1);
        ring.retire(2);
        assertEquals(3, claimAndPublish(ring, 3).seq(), "one in flight below the limit and inside the ring");
        ring.retire(3);
        assertEquals(1, ring.inFlight());
        assertNull(ring.tryClaim(), "sequence 4 shares sequence 0's slot, still in flight");
        ring.retire(0);
        assertEquals(4, ring.retiredBelow());
        assertEquals(4, claimAndPublish(ring, 4).seq());
    }

    @Test
    void aSequenceCompletesOnceAndIsUnknownOnceRetired() {
        InFlightRing ring = new InFlightRing(4);
        InFlightSlot slot = claimAndPublish(ring, "a");
        assertNull(ring.complete(1), "never published");
        assertSame(slot, ring.complete(0));
        assertNull(ring.complete(0), "a second result for the same sequence is a duplicate");
        ring.retire(0);
        assertNull(ring.slot(0));
        assertNull(ring.complete(0), "a result after the sequence retired is a duplicate");
        assertNull(slot.element(), "a retired slot lets go of its element");
    }

    @Test
    void aResultForTheOldOccupantOfAReusedSlotIsADuplicate() {
        InFlightRing ring = new InFlightRing(1);
        claimAndPublish(ring, "a");
        ring.complete(0);
        ring.retire(0);
        InFlightSlot reused = claimAndPublish(ring, "b");
        assertEquals(1, reused.seq());
        assertNull(ring.complete(0));
        assertSame(reused, ring.complete(1));
    }

    @Test
    void aWarmRingHandsOverEveryElementAcrossThreadsInOrder() throws Exception {
        // the producer/agent hand-off: every published slot is seen whole by the other thread
        InFlightRing ring = new InFlightRing(8);
        int count = 200_000;
        List<Object> seen = new ArrayList<>(count);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread agent = new Thread(() -> {
            try {
                long next = 0;
                while (next < count) {
                    if (next < ring.published()) {
                        InFlightSlot slot = ring.complete(next);
                        if (slot == null) {
                            throw new AssertionError("published sequence " + next + " not readable");
                        }
                        seen.add(slot.element());
                        ring.retire(next);
                        next++;
                    } else {
                        Thread.onSpinWait();
                    }
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        agent.start();
        for (int i = 0; i < count; i++) {
            InFlightSlot slot;
            while ((slot = ring.tryClaim()) == null) {
                Thread.onSpinWait();
            }
            slot.element = i;
            ring.publish(slot);
        }
        agent.join(60_000);
        if (failure.get() != null) {
            throw new AssertionError(failure.get());
        }
        assertEquals(count, seen.size());
        for (int i = 0; i < count; i++) {
            assertEquals(i, seen.get(i));
        }
        assertEquals(0, ring.inFlight());
    }
}
