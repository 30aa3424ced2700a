package io.streamz4j.checkpoint;

import io.streamz4j.core.HoldsElements;
import io.streamz4j.runtime.EventLoop;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs a piece of work on the thread that runs a node, for reading or writing what it holds: here
 * when the node runs on the calling thread (no loop) or the caller is its loop's thread, else as
 * a task on its loop, waited for. The loop runs tasks in the order handed over, so the task sees
 * every element handed to the loop before it. In invoker mode the waiting thread runs the loop's
 * duty cycles itself while no other thread is in one.
 *
 * <p>Thread safety: stateless; the wait orders the task's writes before the caller's reads.
 */
final class NodeThread {
    /** How long to wait for the loop between checks that it still runs. */
    private static final long LOOP_CHECK_MILLIS = 1000;

    private NodeThread() {
    }

    /**
     * Runs {@code work} on {@code node}'s thread and returns its result. A loop that stops before
     * running it fails the wait with an IllegalStateException naming {@code who} instead of
     * hanging it.
     */
    static <R> R call(HoldsElements node, String who, Supplier<R> work) {
        EventLoop loop = node.contentsLoop();
        if (loop == null || loop.inLoopThread()) {
            return work.get();
        }
        CompletableFuture<R> done = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                done.complete(work.get());
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        });
        while (true) {
            // invoker mode: the waiting thread runs the loop itself while no other thread does
            while (!done.isDone() && loop.helpWhileWaiting() > 0) {
                Thread.onSpinWait();
            }
            try {
                return done.get(LOOP_CHECK_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (!loop.isRunning()) {
                    throw new IllegalStateException(who + ": the loop " + loop.name() + " of " + node
                            + " stopped (was the node destroyed?), so its state cannot be read", e);
                }
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                throw (Error) e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(who + ": interrupted while waiting for " + node, e);
            }
        }
    }
}
