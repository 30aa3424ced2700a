package io.streamz4j;

import io.streamz4j.runtime.EventLoop;

import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Test helper: waits for a condition that another thread makes true, polling with a timeout, so
 * that no test depends on how long a fixed sleep lasts. A condition that never comes true fails
 * the test with the given description once the timeout has passed; a correct engine makes it true
 * long before.
 *
 * <p>Thread safety: stateless; conditions must read what other threads write through
 * thread-safe objects (atomics, concurrent collections, volatile fields).
 */
public final class Await {
    /** Long enough for any condition a correct engine meets, short enough to fail fast when broken. */
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Await() {
    }

    /** Waits until {@code condition} holds, at most {@link #TIMEOUT}. */
    public static void until(BooleanSupplier condition) {
        until(condition, TIMEOUT, () -> "condition");
    }

    /** Waits until {@code condition} holds, at most {@code timeout}. */
    public static void until(BooleanSupplier condition, Duration timeout) {
        until(condition, timeout, () -> "condition");
    }

    /** Waits until {@code condition} holds, at most {@link #TIMEOUT}; the failure names {@code what}. */
    public static void until(BooleanSupplier condition, String what) {
        until(condition, TIMEOUT, () -> what);
    }

    /** Waits until {@code condition} holds, at most {@link #TIMEOUT}; the failure shows {@code what}. */
    public static void until(BooleanSupplier condition, Supplier<?> what) {
        until(condition, TIMEOUT, what);
    }

    /**
     * Waits until {@code condition} holds, at most {@code timeout}; the failure message is
     * {@code what}, computed when it fails so it can show the state reached.
     */
    public static void until(BooleanSupplier condition, Duration timeout, Supplier<?> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = TimeUnit.MICROSECONDS.toNanos(50);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what.get());
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(2));
        }
    }

    /**
     * Waits until {@code thread} is parked or blocked (not running), as a producer held back by
     * a full ring is; fails if it ends first.
     */
    public static void blocked(Thread thread) {
        until(() -> {
            Thread.State state = thread.getState();
            if (state == Thread.State.TERMINATED) {
                throw new AssertionError(thread.getName() + " ended instead of being held back");
            }
            return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING
                    || state == Thread.State.BLOCKED;
        }, TIMEOUT, () -> thread.getName() + " to be held back, but it is " + thread.getState());
    }

    /**
     * Waits until {@code loop} has caught up with its clock: everything posted to it before this
     * call has been handled and every timer due at the clock's current time has fired. A task
     * posted to the loop runs before the timers of the same duty cycle, which read the clock after
     * it; a second task, posted by the first, runs only in a later cycle, after those timers.
     */
    public static void loopCaughtUp(EventLoop loop) {
        CountDownLatch done = new CountDownLatch(1);
        loop.execute(() -> loop.execute(done::countDown));
        try {
            if (!done.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("event loop " + loop.name() + " did not catch up within " + TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + loop.name(), e);
        }
    }

    /**
     * Holds {@code loop}'s thread in a task until the returned hold is closed, so a pipeline can be
     * wired below a node that emits as soon as the loop runs (timed_window's first, empty window)
     * before it does: what the loop does at once then reaches the sinks wired meanwhile.
     */
    public static Hold holding(EventLoop loop) {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        loop.acquire();
        loop.execute(() -> {
            held.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        until(() -> held.getCount() == 0, "event loop " + loop.name() + " to be held");
        return () -> {
            release.countDown();
            loop.release();
        };
    }

    /** What {@link #holding} returns: closing it lets the loop go on. */
    public interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    /** The names of the live threads whose name starts with {@code prefix}, sorted. */
    public static Set<String> liveThreads(String prefix) {
        Set<String> names = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith(prefix)) {
                names.add(t.getName());
            }
        }
        return names;
    }

    /** Waits until no live thread's name starts with {@code prefix}. */
    public static void noThreadsStartingWith(String prefix) {
        until(() -> liveThreads(prefix).isEmpty(), TIMEOUT,
                () -> "no live thread named " + prefix + "*, but found " + liveThreads(prefix));
    }
}
