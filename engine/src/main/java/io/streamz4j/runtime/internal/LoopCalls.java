package io.streamz4j.runtime.internal;

import io.streamz4j.runtime.EventLoop;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a task on an event loop's thread and waits for it: how a node whose state lives on the
 * loop lets go of it, or flushes it, when destroyed or closed from another thread. The task is
 * queued behind the elements already posted to the loop, so those reach the node first. If the
 * loop's thread is not running (or ends before it gets to the task) the task runs on the caller's
 * thread, where nothing else can touch the node's state any more. In invoker mode the waiting
 * thread runs the loop's duty cycles itself while no other thread is in one.
 *
 * <p>Thread safety: call from any thread; the task runs exactly once.
 */
public final class LoopCalls {
    private static final Logger LOG = LoggerFactory.getLogger(LoopCalls.class);
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private LoopCalls() {
    }

    /**
     * Runs {@code task} on {@code loop}'s thread and returns once it has run; true if it ran. Gives
     * up after ten seconds (a node stuck in a user function), logging a WARN naming {@code what}.
     */
    public static boolean runAndWait(EventLoop loop, String what, Runnable task) {
        if (loop.inLoopThread() || !loop.isRunning()) {
            task.run();
            return true;
        }
        AtomicBoolean claimed = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        loop.execute(() -> {
            if (claimed.compareAndSet(false, true)) {
                try {
                    task.run();
                } finally {
                    done.countDown();
                }
            }
        });
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        try {
            while (done.getCount() > 0) {
                if (System.nanoTime() > deadline) {
                    LOG.warn("{}: {} did not get to run within ten seconds; the loop is busy", loop, what);
                    return false;
                }
                // invoker mode: the waiting thread runs the loop itself while no other thread does
                if (loop.helpWhileWaiting() > 0 || done.await(1, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                if (!loop.isRunning() && claimed.compareAndSet(false, true)) {
                    task.run();
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("{}: interrupted while waiting for {}", loop, what);
            return false;
        }
        return true;
    }
}
