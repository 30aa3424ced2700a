package io.streamz4j.checkpoint;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Works out the checkpoint: the journal index up to which every element has been fully processed,
 * however out of order they complete (a buffer or a window holds early elements while later ones
 * pass). Elements are chained in emission order; {@link #completedThrough()} walks the chain from
 * the last checkpoint while elements are done and stops at the first that is not, so an element
 * still held somewhere pins the checkpoint below it. Elements behind the walk are left to the GC.
 *
 * <p>Thread safety: {@link #track} is called by the emitting thread only;
 * {@link #completedThrough()} by one checkpointing thread at a time (it is synchronized, and off
 * the hot path); completions arrive from any thread.
 */
final class CompletionTracker {
    private final AtomicLong outstanding = new AtomicLong();
    /** The newest element tracked; touched by the emitting thread only. */
    private InFlight tail;
    /** The last element the checkpoint has passed; touched under the monitor only. */
    private InFlight cursor;
    private long completedThrough;

    /** Starts with everything through {@code completedThrough} done (-1: nothing). */
    CompletionTracker(long completedThrough) {
        this.completedThrough = completedThrough;
        InFlight sentinel = new InFlight(completedThrough, this, true);
        this.tail = sentinel;
        this.cursor = sentinel;
    }

    /** Tracks the element at journal {@code index}, emitted after every element tracked before. */
    InFlight track(long index) {
        InFlight element = new InFlight(index, this, false);
        outstanding.incrementAndGet();
        tail.link(element);
        tail = element;
        return element;
    }

    void completed() {
        outstanding.decrementAndGet();
    }

    /** How many tracked elements some node still holds. */
    long outstanding() {
        return outstanding.get();
    }

    /** The highest journal index through which every tracked element is done (-1: none yet). */
    synchronized long completedThrough() {
        InFlight at = cursor;
        for (InFlight next = at.next(); next != null && next.isDone(); next = at.next()) {
            at = next;
        }
        cursor = at;
        completedThrough = at.index;
        return completedThrough;
    }
}
