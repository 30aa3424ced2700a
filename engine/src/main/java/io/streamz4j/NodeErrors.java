package io.streamz4j;

import io.streamz4j.runtime.internal.Failures;
import io.streamz4j.runtime.internal.LoggingErrorHandler;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One node's error handling: the handler set for the node, the one set for its pipeline, and the
 * count of elements it failed on. Only failures touch it, so it costs the happy path nothing.
 *
 * <p>Thread safety: the handlers may be set from any thread and are read where the node fails;
 * the count is written by the thread that runs the node (an atomic add, so a node that is
 * misused from two threads still counts right) and read from any thread without a lock.
 */
final class NodeErrors {
    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(NodeErrors.class, "count", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Set by {@link Stream#onError}; wins over the pipeline's. */
    private volatile ErrorHandler own;
    /** Set by {@link Stream#onPipelineError} on every connected node, and inherited by nodes built below. */
    private volatile ErrorHandler pipeline;
    @SuppressWarnings("unused") // written through COUNT
    private volatile long count;

    void own(ErrorHandler handler) {
        own = handler;
    }

    void pipeline(ErrorHandler handler) {
        pipeline = handler;
    }

    /** A node built below {@code upstream} takes its pipeline's handler, unless it has one. */
    void inherit(NodeErrors upstream) {
        if (pipeline == null) {
            pipeline = upstream.pipeline;
        }
    }

    long count() {
        return count;
    }

    /** Counts the failure and hands it to the node's handler, once. */
    void report(Stream<?> node, Object element, Throwable error) {
        COUNT.getAndAdd(this, 1L);
        ErrorHandler handler = own != null ? own : pipeline;
        if (handler == null) {
            handler = LoggingErrorHandler.DEFAULT;
        }
        try {
            handler.onError(node, element, error);
        } catch (RuntimeException handlerFailure) {
            // the original failure still reaches the emitter; the handler's own goes to the log
            handlerFailure.addSuppressed(error);
            LoggingErrorHandler.DEFAULT.onError(node, element, handlerFailure);
        }
        // marked last: a handler that emits elsewhere on this thread may report failures of its own
        Failures.reported(node, error);
    }
}
