package io.streamz4j.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

/**
 * Carries the futures of asynchronous work back to the emitter (streamz's futures that "move
 * backwards" through a pipeline). A node whose work completes later (an asynchronous sink's
 * database write) calls {@link #await}: inside {@code emitAsync} the future is collected and the
 * emitter's future completes when all have; everywhere else (a plain {@code emit}, a ring's or a
 * loop's thread) the node waits for it in place, so a slow asynchronous sink slows whoever feeds
 * it.
 *
 * <p>Thread safety: one context per thread (a thread-local), used only by that thread.
 */
public final class Backpressure {
    private static final ThreadLocal<Backpressure> CURRENT = ThreadLocal.withInitial(Backpressure::new);

    private boolean collecting;
    private final List<CompletableFuture<?>> pending = new ArrayList<>();

    private Backpressure() {
    }

    /** The calling thread's context. */
    public static Backpressure current() {
        return CURRENT.get();
    }

    /**
     * Starts collecting for one {@code emitAsync}; false if this thread is already collecting (an
     * emitAsync nested inside a pipeline), whose futures then join the outer one.
     */
    public boolean begin() {
        if (collecting) {
            return false;
        }
        collecting = true;
        return true;
    }

    /** Ends collecting: {@code done} if nothing asynchronous happened, else a future of all of it. */
    public CompletableFuture<Void> end(CompletableFuture<Void> done) {
        collecting = false;
        if (pending.isEmpty()) {
            return done;
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0]));
        pending.clear();
        return all;
    }

    /** Ends collecting after the emission failed; what was collected is dropped. */
    public void abandon() {
        collecting = false;
        pending.clear();
    }

    /**
     * Hands asynchronous work back to the emitter, or waits for it (see the class comment). Work
     * that has already completed normally needs neither: an emitAsync whose sinks all finished at
     * once still returns the shared completed future.
     */
    public static void await(CompletionStage<?> stage) {
        CompletableFuture<?> future = stage.toCompletableFuture();
        if (future.isDone() && !future.isCompletedExceptionally()) {
            return;
        }
        Backpressure context = CURRENT.get();
        if (context.collecting) {
            context.pending.add(future);
        } else {
            join(future);
        }
    }

    /**
     * Waits for {@code stage} and returns its value; its failure is rethrown unchanged when it is
     * unchecked, wrapped in a {@link CompletionException} otherwise.
     */
    public static <V> V join(CompletionStage<V> stage) {
        CompletableFuture<V> future = stage.toCompletableFuture();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    if (cause instanceof Error error) {
                        throw error;
                    }
                    throw new CompletionException(cause);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
