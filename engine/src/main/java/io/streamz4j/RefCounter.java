package io.streamz4j;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts how many nodes still hold an element, and runs a callback when none does (streamz's
 * {@code RefCounter}). A source puts one under the {@code "ref"} key of an element's metadata; every
 * node that keeps the element after {@code update} returns retains it and releases it when it lets
 * the element go. Checkpointing is built on the callback.
 *
 * <p>A counter made by {@link #keepingAlive} also guards memory or another resource of the element
 * (a frame's off-heap buffers): sinks that keep elements beyond the call (sink_to_list) retain such
 * counters, and only those, so what they keep stays usable, while a counter that only tracks
 * processing (a checkpoint's) reaches zero once the element has left every node, as in streamz.
 *
 * <p>Thread safety: retain and release may be called from any thread (an element held by a ring or
 * a timer is released there). The callback runs on the thread whose release brought the count to
 * zero or below, once for every such release, exactly as streamz does.
 */
public final class RefCounter {
    private final AtomicInteger count;
    private final Runnable onZero;
    private final boolean keepsAlive;

    /** A counter starting at {@code initial} that runs {@code onZero} when released to zero. */
    public RefCounter(int initial, Runnable onZero) {
        this(initial, onZero, false);
    }

    private RefCounter(int initial, Runnable onZero, boolean keepsAlive) {
        this.count = new AtomicInteger(initial);
        this.onZero = onZero;
        this.keepsAlive = keepsAlive;
    }

    /**
     * A counter whose {@code free} releases what keeps the element usable (its memory), so that
     * sinks keeping the element retain it too; see the class comment.
     */
    public static RefCounter keepingAlive(int initial, Runnable free) {
        return new RefCounter(initial, free, true);
    }

    /** True for a counter made by {@link #keepingAlive}. */
    public boolean keepsAlive() {
        return keepsAlive;
    }

    /** A counter starting at zero with no callback: useful to observe holding only. */
    public RefCounter() {
        this(0, null);
    }

    public void retain() {
        retain(1);
    }

    public void retain(int n) {
        count.addAndGet(n);
    }

    public void release() {
        release(1);
    }

    /** Drops {@code n} references; runs the callback if no reference is left. */
    public void release(int n) {
        if (count.addAndGet(-n) <= 0 && onZero != null) {
            onZero.run();
        }
    }

    public int count() {
        return count.get();
    }

    @Override
    public String toString() {
        return "<RefCounter count=" + count.get() + ">";
    }
}
