package io.streamz4j.checkpoint;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One journaled element between its emit and the moment no node holds it any more: the callback of
 * its {@link io.streamz4j.RefCounter}, and a link in the {@link CompletionTracker}'s chain, which
 * keeps emission order whatever order elements complete in.
 *
 * <p>Thread safety: {@link #run()} may be called from any thread (the one whose release brought the
 * count to zero), and more than once (a counter released below zero calls again): only the first
 * call counts. {@link #next} is written by the emitting thread and read by the checkpointing one.
 */
final class InFlight implements Runnable {
    private static final VarHandle DONE;
    private static final VarHandle NEXT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            DONE = lookup.findVarHandle(InFlight.class, "done", boolean.class);
            NEXT = lookup.findVarHandle(InFlight.class, "next", InFlight.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final long index;
    private final CompletionTracker tracker;
    @SuppressWarnings("unused") // through DONE
    private volatile boolean done;
    @SuppressWarnings("unused") // through NEXT
    private InFlight next;

    InFlight(long index, CompletionTracker tracker, boolean done) {
        this.index = index;
        this.tracker = tracker;
        this.done = done;
    }

    @Override
    public void run() {
        if (DONE.compareAndSet(this, false, true)) {
            tracker.completed();
        }
    }

    boolean isDone() {
        return done;
    }

    /** Links the element emitted after this one; a release store, so its fields are seen with it. */
    void link(InFlight following) {
        NEXT.setRelease(this, following);
    }

    InFlight next() {
        return (InFlight) NEXT.getAcquire(this);
    }
}
