package io.streamz4j.checkpoint;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ring of reusable slots under the three threads it serves at once: one tracks elements,
 * another completes them out of order (holding up to a few thousand, more than the ring starts
 * with, so it grows), a third reads the checkpoint without pause. Every checkpoint read must be
 * monotonic and cover only elements already completed; at the end it covers them all.
 */
class CompletionTrackerTest {
    private static final int ELEMENTS = 300_000;
    private static final int MOST_HELD = 3_000;

    /** Journal indices are spaced out so an index is never mistaken for a sequence number. */
    private static long indexOf(int seq) {
        return 5 + 10L * seq;
    }

    @Test
    void checkpointsAreMonotonicAndNeverPassAnElementStillHeld() throws InterruptedException {
        CompletionTracker tracker = new CompletionTracker(-1);
        AtomicIntegerArray completed = new AtomicIntegerArray(ELEMENTS);
        BlockingQueue<Integer> handedOver = new ArrayBlockingQueue<>(4_096);
        List<InFlight> bySeq = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Object lock = new Object();

        Thread completer = new Thread(() -> {
            SplittableRandom random = new SplittableRandom(42);
            List<InFlight> held = new ArrayList<>();
            List<Integer> heldSeqs = new ArrayList<>();
            try {
                for (int n = 0; n < ELEMENTS; n++) {
                    Integer seq = handedOver.poll(100, TimeUnit.MILLISECONDS);
                    if (seq == null) {
                        if (failure.get() != null) {
                            return; // the checker failed and the emitter stopped
                        }
                        n--;
                        continue;
                    }
                    InFlight element;
                    synchronized (lock) {
                        element = bySeq.get(seq);
                    }
                    held.add(element);
                    heldSeqs.add(seq);
                    int keep = random.nextInt(MOST_HELD);
                    while (held.size() > keep) {
                        int pick = random.nextInt(held.size());
                        completed.set(heldSeqs.get(pick), 1); // before the release that completes it
                        held.get(pick).ref().release();
                        held.set(pick, held.get(held.size() - 1));
                        held.remove(held.size() - 1);
                        heldSeqs.set(pick, heldSeqs.get(heldSeqs.size() - 1));
                        heldSeqs.remove(heldSeqs.size() - 1);
                    }
                }
                for (int i = 0; i < held.size(); i++) {
                    completed.set(heldSeqs.get(i), 1);
                    held.get(i).ref().release();
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }, "completer");

        Thread checker = new Thread(() -> {
            long previous = -1;
            int verifiedThrough = -1;
            try {
                while (verifiedThrough < ELEMENTS - 1 && failure.get() == null) {
                    long checkpoint = tracker.completedThrough();
                    assertTrue(checkpoint >= previous, "went back from " + previous + " to " + checkpoint);
                    previous = checkpoint;
                    if (checkpoint >= 0) {
                        assertEquals(5, checkpoint % 10, "not an index tracked: " + checkpoint);
                        int through = (int) ((checkpoint - 5) / 10);
                        for (int seq = verifiedThrough + 1; seq <= through; seq++) {
                            assertEquals(1, completed.get(seq), "checkpoint " + checkpoint + " passed held " + seq);
                        }
                        verifiedThrough = Math.max(verifiedThrough, through);
                    }
                }
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }, "checker");

        completer.start();
        checker.start();
        for (int seq = 0; seq < ELEMENTS && failure.get() == null; seq++) {
            InFlight element = tracker.track(indexOf(seq));
            synchronized (lock) {
                bySeq.add(element);
            }
            while (!handedOver.offer(seq, 100, TimeUnit.MILLISECONDS)) { // the emitter's reference goes with it
                if (failure.get() != null) {
                    break;
                }
            }
        }
        completer.join(TimeUnit.MINUTES.toMillis(2));
        checker.join(TimeUnit.MINUTES.toMillis(2));
        assertFalse(completer.isAlive() || checker.isAlive(), "threads did not finish");
        assertNull(failure.get(), () -> String.valueOf(failure.get()));
        assertEquals(0, tracker.outstanding());
        assertEquals(indexOf(ELEMENTS - 1), tracker.completedThrough());
    }
}
