package io.streamz4j.runtime.internal;

import io.streamz4j.Metadata;
import io.streamz4j.Stream;

import java.util.List;
import java.util.Map;

/**
 * Makes each failure reach an error handler exactly once. The node where a failure starts
 * reports it ({@link Stream#reportFailure}) and rethrows; the exception then unwinds through the
 * nodes above it to whoever called them. On the emitting thread that is the caller of
 * {@code emit}; on a thread the engine runs (a ring's consumer, an event loop, a source's own
 * thread) it is a catch at the bottom of that thread's work, which calls {@link #caught}: a
 * failure a node already reported is not reported again there, and one that no node reported
 * (an engine error, a node that throws outside a user function) is reported for the node that
 * received the element, or logged under the thread's name when no node did.
 *
 * <p>The node that reported a failure is remembered with it, so a caller of {@code emit} that
 * catches the exception can name where it happened ({@link #reporter}); a journaled source puts
 * it in what it logs and dead-letters.
 *
 * <p>Thread safety: each thread remembers only the failure it reported last (a thread-local),
 * set and read on that thread; touched only when something fails.
 */
public final class Failures {
    private static final ThreadLocal<Reported> REPORTED = new ThreadLocal<>();

    /** A failure and the node that reported it; one per failure, so the happy path makes none. */
    private record Reported(Throwable error, Stream<?> node) {
    }

    private Failures() {
    }

    /**
     * As {@link #caught(String, Object, Object, Throwable)}, for an element that came with
     * {@code metadata}: its reference counters are then told of the failure
     * ({@link Metadata#failed}), naming the node that reported it (else the receiver).
     */
    public static void caught(String where, Object receiver, Object element, List<Map<String, Object>> metadata,
            Throwable error) {
        Stream<?> node = reporter(error);
        if (node == null && receiver instanceof Stream<?> stream) {
            node = stream;
        }
        caught(where, receiver, element, error);
        Metadata.failed(metadata, node, error);
    }

    /**
     * Notes, on this thread, that {@code node} reported {@code error} to its handler; called by
     * {@link Stream#reportFailure}.
     */
    public static void reported(Stream<?> node, Throwable error) {
        REPORTED.set(new Reported(error, node));
        Backpressure.failed(error);
    }

    /**
     * Notes that the caller of the nodes that failed with {@code error} on this thread dealt with
     * it and returns normally (a journaled source that delivered the element again, or moved it to
     * its dead-letter journal): an {@code emitAsync} under way no longer fails with it.
     */
    public static void recovered(Throwable error) {
        Backpressure.recovered(error);
    }

    /**
     * The node that reported {@code error} on this thread, if it is the failure reported last
     * here; null otherwise (no node reported it: an engine error, or it was reported elsewhere).
     */
    public static Stream<?> reporter(Throwable error) {
        Reported last = REPORTED.get();
        return last != null && last.error() == error ? last.node() : null;
    }

    /**
     * Called where a thread the engine runs catches what a node threw while handling
     * {@code element}: reports {@code error} unless a node below already did. {@code receiver} is
     * what was handed the element (a node is credited with the failure); {@code where} names the
     * thread's owner for a failure no node can be credited with.
     */
    public static void caught(String where, Object receiver, Object element, Throwable error) {
        if (reporter(error) != null) {
            REPORTED.remove();
            return;
        }
        if (receiver instanceof Stream<?> node) {
            node.reportFailure(element, error);
            REPORTED.remove();
            return;
        }
        Backpressure.failed(error);
        LoggingErrorHandler.DEFAULT.log(where, element, error);
    }
}
