package io.streamz4j.runtime.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Carries the futures of asynchronous work back to the emitter (streamz's futures that "move
 * backwards" through a pipeline). A node whose work completes later (an asynchronous sink's
 * database write) calls {@link #await}: inside {@code emitAsync} the future is collected and the
 * emitter's future completes when all have; everywhere else (a plain {@code emit}, a ring's or a
 * loop's thread) the node waits for it in place, so a slow asynchronous sink slows whoever feeds
 * it.
 *
 * <p>An element emitted with {@code emitAsync} that crosses the ring in front of a join of
 * streams on different threads ({@link RingBoundary#joinGate}) takes a future with it
 * ({@link #crossing}): that ring only keeps the join single-writer, so the thread on the far side
 * collects for the element as the emitter would ({@link Delivery}), and the emitter's future
 * waits for what the element does there and fails with the original exception if a node fails
 * on it there. A buffer, a thread-safe source's ring and a time-based node are stages of the
 * pipeline that accept the element (streamz: {@code await emit(x)} returns once a buffer has
 * queued it): the future is done once they have taken it, and what fails on their far side goes
 * to the error handler only.
 *
 * <p>Thread safety: one context per thread (a thread-local), used only by that thread; the count
 * of collecting threads is shared, so a thread that is not collecting skips the thread-local.
 */
public final class Backpressure {
    private static final ThreadLocal<Backpressure> CURRENT = ThreadLocal.withInitial(Backpressure::new);
    /** How many threads are collecting now: while none is, a crossing needs no thread-local lookup. */
    private static final AtomicInteger COLLECTING_THREADS = new AtomicInteger();

    private boolean collecting;
    private final List<CompletableFuture<?>> pending = new ArrayList<>();
    /** The first failure reported on this thread while collecting; it fails the collection. */
    private Throwable failure;

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
        COLLECTING_THREADS.incrementAndGet();
        return true;
    }

    /**
     * Ends collecting: {@code done} if nothing asynchronous happened, a failed future if a node
     * reported a failure meanwhile (one the thread caught and went on from), else a future of all
     * that was collected.
     */
    public CompletableFuture<Void> end(CompletableFuture<Void> done) {
        stopCollecting();
        Throwable failed = failure;
        failure = null;
        if (failed != null) {
            pending.clear();
            return CompletableFuture.failedFuture(failed);
        }
        if (pending.isEmpty()) {
            return done;
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0]));
        pending.clear();
        return all;
    }

    /** Ends collecting after the emission failed; what was collected is dropped. */
    public void abandon() {
        stopCollecting();
        failure = null;
        pending.clear();
    }

    private void stopCollecting() {
        collecting = false;
        COLLECTING_THREADS.decrementAndGet();
    }

    /** A node reported {@code error} on this thread: a collection under way fails with it. */
    static void failed(Throwable error) {
        Backpressure context = CURRENT.get();
        if (context.collecting && context.failure == null) {
            context.failure = error;
        }
    }

    /** The emitter dealt with {@code error} (see {@link Failures#recovered}): a collection under way no longer fails with it. */
    static void recovered(Throwable error) {
        Backpressure context = CURRENT.get();
        if (context.failure == error) {
            context.failure = null;
        }
    }

    /**
     * For an element about to cross to another thread: a future the far side completes once it
     * has dealt with the element, collected if this thread is inside {@code emitAsync}; null
     * otherwise (a plain emit, which waits for no one).
     */
    static CompletableFuture<Void> crossing() {
        if (COLLECTING_THREADS.get() == 0) {
            return null;
        }
        Backpressure context = CURRENT.get();
        if (!context.collecting) {
            return null;
        }
        CompletableFuture<Void> crossed = new CompletableFuture<>();
        context.pending.add(crossed);
        return crossed;
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
