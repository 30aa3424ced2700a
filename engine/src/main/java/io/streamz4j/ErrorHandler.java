package io.streamz4j;

/**
 * Where a pipeline's failures go (Agrona's {@code ErrorHandler}, the Disruptor's
 * {@code ExceptionHandler}): called once for each element a node failed on, with the node that
 * failed, the element it was given and what it threw. Set one for a node with
 * {@link Stream#onError}, for every node of a pipeline with {@link Stream#onPipelineError}; a node
 * with neither uses {@link #logging()}, which logs the failure once, naming the node.
 *
 * <p>What happens to the element depends on the thread. On the thread that called {@code emit},
 * the handler is called and the exception then reaches that caller unchanged (and fails the
 * future of {@code emitAsync}). On a thread the engine runs (a buffer's or a join's consumer, a
 * pipeline's event loop, a polling source), nobody called {@code emit} to rethrow to: the handler
 * is the element's last stop, the thread goes on with the next element, and an {@code emitAsync}
 * waiting on that element fails with the same exception. The element is not retried; a handler
 * that must not lose it keeps it (a dead-letter list) or emits it again. Its metadata references
 * stay retained, so a checkpoint does not pass an element that failed; after the handler, the
 * element's reference counters are told ({@link RefCounter.FailureListener}), so a journaled
 * source can dead-letter it.
 *
 * <p>Thread safety: called on the thread where the node failed, so a handler shared by nodes on
 * different threads must be thread safe. A handler that throws is logged and otherwise ignored.
 */
@FunctionalInterface
public interface ErrorHandler {

    /**
     * {@code node} threw {@code error} while handling {@code element} (for a node that emits on its
     * own, a window or a source, what it was emitting; null when there was none).
     */
    void onError(Stream<?> node, Object element, Throwable error);

    /**
     * The handler nodes use when none is set: logs the node, the element and the exception once
     * through SLF4J, or on {@code System.err} when SLF4J has no provider (its no-operation logger
     * would print nothing).
     */
    static ErrorHandler logging() {
        return io.streamz4j.runtime.internal.LoggingErrorHandler.DEFAULT;
    }
}
