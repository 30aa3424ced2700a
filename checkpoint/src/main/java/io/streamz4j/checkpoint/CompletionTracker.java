package io.streamz4j.checkpoint;

import io.streamz4j.RefCounter;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Works out the checkpoint: the journal index up to which every element has been fully processed,
 * however out of order they complete (a buffer or a window holds early elements while later ones
 * pass). Elements are numbered in emission order and kept in a ring of reusable {@link InFlight}
 * slots; a cursor walks the ring while elements are done and stops at the first that is not, so an
 * element still held somewhere pins the checkpoint below it. A slot is reused once the cursor has
 * passed it; when every slot holds an element the cursor cannot pass, the ring doubles (rare: it
 * takes as many elements in flight at once), so tracking never waits and, once the ring is big
 * enough, allocates nothing.
 *
 * <p>Thread safety: {@link #track} is called by the emitting thread only; {@link #completedThrough()}
 * from any thread (the checkpointer's), concurrently with tracking: the cursor moves by
 * compare-and-set, no lock. Completions arrive from any thread.
 */
final class CompletionTracker {
    private static final int INITIAL_SLOTS = 1024;

    /** A power of two long; replaced (grown) by the emitting thread only. */
    private volatile InFlight[] slots;
    /** The first element, in emission order, not known to be done. */
    private final AtomicLong cursor = new AtomicLong();
    /** The highest journal index through which every element is done: the cursor's, in journal terms. */
    private final AtomicLong completedThrough;
    /** How many elements have been tracked; written by the emitting thread only. */
    private final AtomicLong tracked = new AtomicLong();
    private final AtomicLong completed = new AtomicLong();
    private final InFlight.FailedElsewhere failedElsewhere;
    /** The journal index of the newest element tracked, for metrics; written by the emitting thread only. */
    private final AtomicLong newestIndex;

    /** Starts with everything through {@code completedThrough} done (-1: nothing); failures elsewhere are ignored. */
    CompletionTracker(long completedThrough) {
        this(completedThrough, (slot, counter, node, error) -> { });
    }

    /**
     * Starts with everything through {@code completedThrough} done (-1: nothing), handing failures
     * of elements on threads the engine runs to {@code failedElsewhere}.
     */
    CompletionTracker(long completedThrough, InFlight.FailedElsewhere failedElsewhere) {
        this.completedThrough = new AtomicLong(completedThrough);
        this.failedElsewhere = failedElsewhere;
        this.newestIndex = new AtomicLong(completedThrough);
        this.slots = newSlots(new InFlight[INITIAL_SLOTS]);
    }

    /** A node failed on {@code slot}'s element on a thread the engine runs; see {@link InFlight.FailedElsewhere}. */
    void failedElsewhere(InFlight slot, InFlight.Counter counter, io.streamz4j.Stream<?> node, Throwable error) {
        failedElsewhere.failed(slot, counter, node, error);
    }

    /** Tracks the element at journal {@code index}, emitted after every element tracked before. */
    InFlight track(long index) {
        long seq = tracked.get();
        InFlight[] ring = slots;
        InFlight slot = ring[(int) seq & (ring.length - 1)];
        if (!slot.isFree(cursor.get())) {
            advance();
            if (!slot.isFree(cursor.get())) {
                ring = grow(ring);
                slot = ring[(int) seq & (ring.length - 1)];
            }
        }
        slot.reuse(seq, index);
        newestIndex.setRelease(index); // a plain store where it matters (x86), like the release below
        tracked.setRelease(seq + 1);
        return slot;
    }

    /**
     * Doubles a full ring. Every old slot holds one of the last {@code ring.length} elements, so at
     * its sequence modulo the new length each lands in a distinct place, and fresh slots fill the
     * places of the next {@code ring.length} elements. A walker still reading the old ring finds
     * sequences it does not expect there and stops early, which only delays the checkpoint.
     */
    private InFlight[] grow(InFlight[] ring) {
        InFlight[] bigger = new InFlight[ring.length * 2];
        for (InFlight slot : ring) {
            bigger[(int) slot.sequence() & (bigger.length - 1)] = slot;
        }
        slots = newSlots(bigger);
        return bigger;
    }

    /** Fills the empty places of {@code ring} with fresh slots. */
    private InFlight[] newSlots(InFlight[] ring) {
        for (int i = 0; i < ring.length; i++) {
            if (ring[i] == null) {
                ring[i] = new InFlight(this);
            }
        }
        return ring;
    }

    /**
     * Moves the cursor past every done element in a row. Runs on the emitting thread when it needs
     * a slot back and on the checkpointing one; a walk that loses the race to the other retries
     * from where that one stopped. Slots a successful compare-and-set passes cannot have been
     * reused while they were read, as reuse waits for the cursor to pass them.
     */
    private void advance() {
        while (true) {
            long from = cursor.get();
            InFlight[] ring = slots;
            int mask = ring.length - 1;
            long to = from;
            long index = -1;
            for (InFlight slot = ring[(int) to & mask]; slot.isDone(to); slot = ring[(int) to & mask]) {
                index = slot.index();
                to++;
            }
            if (to == from) {
                return;
            }
            if (cursor.compareAndSet(from, to)) {
                completedThrough.accumulateAndGet(index, Math::max);
                return;
            }
        }
    }

    void completed() {
        completed.incrementAndGet();
    }

    /** How many tracked elements some node still holds. */
    long outstanding() {
        long done = completed.get(); // read first: every completion counted was tracked before
        return tracked.getAcquire() - done;
    }

    /**
     * Adds the counter of every element not yet done to {@code into}. Called on the emitting thread
     * only (so no slot is reused meanwhile), at snapshot time rather than per element: it walks
     * every element in flight. The caller sums the counts after asking the snapshotted nodes what
     * they hold (see JournaledSource#atConsistentCut): no element joins the set meanwhile, since
     * only the emitting thread adds elements.
     */
    void liveReferences(Set<RefCounter> into) {
        InFlight[] ring = slots;
        int mask = ring.length - 1;
        for (long seq = cursor.get(), end = tracked.get(); seq < end; seq++) {
            InFlight slot = ring[(int) seq & mask];
            if (slot.sequence() == seq && !slot.isDone(seq)) {
                into.add(slot.ref());
            }
        }
    }

    /** The journal index of the newest element tracked, or the starting checkpoint's; any thread. */
    long newestIndex() {
        return newestIndex.getAcquire();
    }

    /**
     * The journal index of the oldest element some node still holds, or -1 when none is held.
     * Called on the emitting thread only (as {@link #liveReferences}), for messages.
     */
    long oldestOutstandingIndex() {
        InFlight[] ring = slots;
        int mask = ring.length - 1;
        for (long seq = cursor.get(), end = tracked.get(); seq < end; seq++) {
            InFlight slot = ring[(int) seq & mask];
            if (slot.sequence() == seq && !slot.isDone(seq)) {
                return slot.index();
            }
        }
        return -1;
    }

    /** The highest journal index through which every tracked element is done (-1: none yet). */
    long completedThrough() {
        advance();
        return completedThrough.get();
    }
}
