package io.streamz4j;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Map;

/**
 * Catches two threads emitting into a plain {@link Stream} at once, which would corrupt every
 * node below it (their state has a single writer). On by default; {@code
 * -Dstreamz4j.checkThreads=false} switches it off (the benchmarks measure its cost that way).
 *
 * <p>An owner-thread check, cheap on the common path: a source remembers the thread that emitted
 * into it last (its owner). An emit by the owner reads that field before and after handing the
 * element on (two loads, no store); if another thread became the owner in between, the two emits
 * overlapped and the owner's emit fails once its element is through, naming both threads. An
 * emit by any other thread (the first emit, a hand-off, a race) takes the slow path here: it
 * refuses at once, before the element enters the pipeline, if another thread is inside a slow-path
 * emit; otherwise it takes ownership, marks itself inside while its element goes through, and
 * checks on the way out that no other thread took over meanwhile. A pipeline handed from one
 * thread to another (built on one, fed by a worker; fed by A, then by B once A is done) is never
 * flagged, nor is an element that a node emits back into its own source on the same thread (a
 * feedback loop). A sustained race is caught within the first few elements that collide; a
 * single overlap with an owner's emit is caught when the owner's emit returns.
 *
 * <p>Thread safety: the owner and the inside mark are read with opaque loads on the common path
 * (plain loads on x86 that the JIT may not hoist out of a caller's loop) and changed with volatile
 * stores and a compare-and-set on the slow path, which runs only when the emitting thread changes.
 */
final class EmitGuard {
    /** Whether sources check for concurrent emits: on unless {@code -Dstreamz4j.checkThreads=false}. */
    static final boolean ON = !"false".equals(System.getProperty("streamz4j.checkThreads"));

    private static final VarHandle OWNER;
    private static final VarHandle INSIDE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            OWNER = lookup.findVarHandle(Stream.class, "owner", Thread.class);
            INSIDE = lookup.findVarHandle(Stream.class, "switchedIn", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private EmitGuard() {
    }

    /** Whether {@code thread} is the last thread that emitted into {@code source}. */
    static boolean owns(Stream<?> source, Thread thread) {
        return !ON || OWNER.getOpaque(source) == thread;
    }

    /** Fails if another thread became {@code source}'s owner during an emit of {@code owner}'s. */
    static void checkStillOwned(Stream<?> source, Thread owner) {
        if (ON) {
            Thread now = (Thread) OWNER.getOpaque(source);
            if (now != owner) {
                throw overlap(source, owner, now);
            }
        }
    }

    /**
     * Emits {@code x} into {@code source} from a thread that is not its owner: refuses if another
     * thread is inside such an emit, else takes ownership for the emit and checks it kept it.
     */
    static void emitAsNewOwner(Stream<?> source, Object x, List<Map<String, Object>> metadata) {
        Thread me = Thread.currentThread();
        if (!INSIDE.compareAndSet(source, null, me)) {
            throw overlap(source, me, (Thread) INSIDE.getVolatile(source));
        }
        try {
            OWNER.setVolatile(source, me);
            source.passOn(x, metadata);
        } finally {
            INSIDE.setVolatile(source, null);
        }
        checkStillOwned(source, me);
    }

    private static IllegalStateException overlap(Stream<?> source, Thread me, Thread other) {
        String otherName = other == null ? "another thread" : "'" + other.getName() + "'";
        return new IllegalStateException("two threads emit into " + source + " at once: '" + me.getName()
                + "' and " + otherName + ". A plain Stream is fed by one thread at a time; use"
                + " Stream.threadSafe() for a source that several threads feed");
    }
}
