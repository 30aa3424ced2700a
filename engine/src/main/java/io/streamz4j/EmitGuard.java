package io.streamz4j;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Catches two threads emitting into a plain {@link Stream} at once, which would corrupt every
 * node below it (their state has a single writer). Switched on with the system property
 * {@code streamz4j.checkThreads=true}; the project's tests and examples run with it on. Off, it
 * costs nothing: {@link #ON} is a constant and the JIT drops the check.
 *
 * <p>What it catches is overlap, not a change of thread: a source records the thread inside its
 * {@code emit} and clears it on the way out, so a thread that enters while another is still
 * inside fails at once, naming both. A pipeline handed from one thread to another (built on one,
 * fed by a worker; fed by A, then by B once A is done) is never flagged, nor is an element that
 * a node emits back into its own source on the same thread (a feedback loop). Overlaps are caught
 * as they happen, so a race shows within the first few elements that collide, not necessarily
 * on the first.
 *
 * <p>Thread safety: the record is read and written with opaque accesses (a plain store and load
 * on x86 that the JIT may not remove or hoist), so every emitting thread sees the others' marks
 * promptly without a fence on the emit path.
 */
final class EmitGuard {
    /** Whether sources check for concurrent emits: {@code -Dstreamz4j.checkThreads=true}. */
    static final boolean ON = Boolean.getBoolean("streamz4j.checkThreads");

    private static final VarHandle EMITTING;

    static {
        try {
            EMITTING = MethodHandles.lookup().findVarHandle(Stream.class, "emitting", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private EmitGuard() {
    }

    /**
     * Marks the calling thread as emitting into {@code source} and returns the mark it replaced,
     * for {@link #exit}; fails if another thread is emitting into it.
     */
    static Thread enter(Stream<?> source) {
        Thread me = Thread.currentThread();
        Thread inside = (Thread) EMITTING.getOpaque(source);
        if (inside != null && inside != me) {
            throw new IllegalStateException("two threads emit into " + source + " at once: '" + me.getName()
                    + "' while '" + inside.getName() + "' is still emitting. A plain Stream is fed by one thread"
                    + " at a time; use Stream.threadSafe() for a source that several threads feed");
        }
        EMITTING.setOpaque(source, me);
        return inside;
    }

    /** Puts back the mark {@link #enter} replaced: none, or this thread's own for a nested emit. */
    static void exit(Stream<?> source, Thread outer) {
        EMITTING.setOpaque(source, outer);
    }
}
