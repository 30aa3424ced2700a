package io.streamz4j;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts how many nodes still hold an element, and runs a callback when none does (streamz's
 * {@code RefCounter}). A source puts one under the {@code "ref"} key of an element's metadata; every
 * node that keeps the element after {@code update} returns retains it and releases it when it lets
 * the element go. Checkpointing is built on the callback.
 *
 * <p>Thread safety: retain and release may be called from any thread (an element held by a ring or
 * a timer is released there). The callback runs on the thread whose release brought the count to
 * zero or below, once for every such release, exactly as streamz does.
 */
public final class RefCounter {
    private final AtomicInteger count;
    private final Runnable onZero;

    /** A counter starting at {@code initial} that runs {@code onZero} when released to zero. */
    public RefCounter(int initial, Runnable onZero) {
        this.count = new AtomicInteger(initial);
        this.onZero = onZero;
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
