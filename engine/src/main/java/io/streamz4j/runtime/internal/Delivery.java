package io.streamz4j.runtime.internal;

import io.streamz4j.Metadata;
import io.streamz4j.Stream;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The far side of a thread crossing (a ring's consumer, the event loop): hands an element to its
 * receiver, sends a failure to the error handler of the node that failed (nobody on this thread
 * called {@code emit}, so the element's story ends there and the thread goes on with the next),
 * releases the reference the crossing retained, and settles the future of an {@code emitAsync}
 * that waits on the element: done once everything the element set off here is done, failed with
 * the original exception if a node failed on it.
 *
 * <p>Thread safety: called on the consuming thread only; stateless.
 */
public final class Delivery {
    private static final CompletableFuture<Void> NOTHING_PENDING = CompletableFuture.completedFuture(null);

    private Delivery() {
    }

    /**
     * Delivers {@code x} to {@code receiver}; {@code where} names the thread's owner in a log
     * record for a failure no node can be credited with; {@code awaited} is the emitter's future
     * for the element, or null when nobody waits on it.
     */
    public static void deliver(String where, Receiver receiver, Object x, Stream<?> who,
            List<Map<String, Object>> metadata, CompletableFuture<Void> awaited) {
        Backpressure context = awaited == null ? null : Backpressure.current();
        boolean collecting = context != null && context.begin();
        try {
            receiver.receive(x, who, metadata);
        } catch (RuntimeException | Error e) {
            Failures.caught(where, receiver, x, metadata, e);
        } finally {
            Metadata.release(metadata, 1);
        }
        if (collecting) {
            context.end(NOTHING_PENDING).whenComplete((unused, failure) -> settle(awaited, failure));
        } else if (awaited != null) {
            awaited.complete(null);
        }
    }

    private static void settle(CompletableFuture<Void> awaited, Throwable failure) {
        if (failure == null) {
            awaited.complete(null);
        } else {
            awaited.completeExceptionally(
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure);
        }
    }
}
