package io.streamz4j;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts how many nodes still hold an element, and runs a callback when none does (streamz's
 * {@code RefCounter}). A source puts one under the {@code "ref"} key of an element's metadata; every
 * node that keeps the element after {@code update} returns retains it and releases it when it lets
 * the element go. Checkpointing is built on the callback.
 *
 * <p>A counter made by {@link #keepingAlive} also guards what keeps one object usable (a frame's
 * off-heap buffers): a sink that keeps that very object beyond the call (sink_to_list) retains the
 * counter, so the object stays usable while kept. It retains no other counter: a value derived
 * from the object (a sum of a frame) does not need it, and a counter that only tracks processing
 * (a checkpoint's) must reach zero once the element has left every node, as in streamz.
 *
 * <p>A counter may also have a {@link FailureListener}: the engine tells it when a node fails on
 * the element on a thread it runs (a ring's consumer, an event loop), where the failure reaches no
 * caller of {@code emit} and the element's references stay retained for ever (see
 * {@link ErrorHandler}). A journaled source uses it to dead-letter such an element.
 *
 * <p>Thread safety: retain and release may be called from any thread (an element held by a ring or
 * a timer is released there). The callback runs on the thread whose release brought the count to
 * zero or below, once for every such release, exactly as streamz does; the failure listener on the
 * thread where the node failed.
 */
public final class RefCounter {
    private final AtomicInteger count;
    private final Runnable onZero;
    /** The object this counter keeps usable; null for a counter that only counts. */
    private final Object guarded;
    /** Told of failures on engine threads; null for most counters. */
    private final FailureListener onFailure;

    /**
     * Told, on the thread where it happened, that {@code node} (null when no node can be credited)
     * failed with {@code error} on an element this counter tracks, on a thread the engine runs.
     */
    @FunctionalInterface
    public interface FailureListener {
        void failed(Stream<?> node, Throwable error);
    }

    /** A counter starting at {@code initial} that runs {@code onZero} when released to zero. */
    public RefCounter(int initial, Runnable onZero) {
        this(initial, onZero, null, null);
    }

    /** As {@link #RefCounter(int, Runnable)}, telling {@code onFailure} of failures on engine threads. */
    public RefCounter(int initial, Runnable onZero, FailureListener onFailure) {
        this(initial, onZero, null, onFailure);
    }

    private RefCounter(int initial, Runnable onZero, Object guarded, FailureListener onFailure) {
        this.count = new AtomicInteger(initial);
        this.onZero = onZero;
        this.guarded = guarded;
        this.onFailure = onFailure;
    }

    /**
     * A counter whose {@code free} releases what keeps {@code guarded} usable (its memory), so that
     * a sink keeping {@code guarded} retains it too; see the class comment.
     */
    public static RefCounter keepingAlive(Object guarded, int initial, Runnable free) {
        if (guarded == null) {
            throw new IllegalArgumentException("RefCounter.keepingAlive: parameter 'guarded' must not be null");
        }
        return new RefCounter(initial, free, guarded, null);
    }

    /**
     * True if this counter keeps {@code x} usable: {@code x} is the object it guards, or a
     * collection (a window's or a join's tuple) holding that very object.
     */
    public boolean keepsAlive(Object x) {
        if (guarded == null) {
            return false;
        }
        if (x == guarded) {
            return true;
        }
        if (x instanceof java.util.Collection<?> items) {
            for (Object item : items) {
                if (item == guarded) {
                    return true;
                }
            }
        }
        return false;
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

    /** A node failed on the element on a thread the engine runs: tells the failure listener, if any. */
    public void failed(Stream<?> node, Throwable error) {
        if (onFailure != null) {
            onFailure.failed(node, error);
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
