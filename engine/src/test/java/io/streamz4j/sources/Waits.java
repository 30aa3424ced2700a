package io.streamz4j.sources;

import io.streamz4j.runtime.EventLoop;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Test helper for the source tests: waits for what another thread does by polling a condition
 * with a timeout, so no result depends on how long a fixed sleep lasts; and finds the threads a
 * source left behind.
 *
 * <p>Thread safety: stateless; conditions read what other threads write through thread-safe
 * objects.
 */
final class Waits {
    /** Far longer than any correct source needs; a broken one fails after it. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Waits() {
    }

    /** Waits until {@code condition} holds; fails after {@link #TIMEOUT}, showing {@code state}. */
    static void until(BooleanSupplier condition, Supplier<?> state) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + TIMEOUT + "; state: " + state.get());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /**
     * Waits until {@code loop} has run everything posted to it before this call, and the timers
     * due at its clock's current time (a task posted by a task runs a duty cycle later, after
     * those timers).
     */
    static void loopCaughtUp(EventLoop loop) {
        CountDownLatch done = new CountDownLatch(1);
        loop.execute(() -> loop.execute(done::countDown));
        try {
            if (!done.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("loop " + loop.name() + " did not catch up");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The live threads whose name starts with {@code prefix}. */
    static List<String> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
                .map(Thread::getName)
                .toList();
    }

    /** Waits until no live thread's name starts with {@code prefix}. */
    static void noThreadsNamed(String prefix) {
        until(() -> threadsNamed(prefix).isEmpty(), () -> threadsNamed(prefix));
    }
}
