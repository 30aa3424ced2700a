package io.streamz4j.transport.websocket;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Test helper: waits for what other threads do by polling a condition with a deadline (no result
 * depends on how long a sleep lasts), and lists the threads a node left behind.
 *
 * <p>Thread safety: stateless.
 */
final class Poll {
    /** Far longer than any correct run needs; a broken one fails after it. */
    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private Poll() {
    }

    static void until(BooleanSupplier condition, Supplier<?> state) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + TIMEOUT + "; state: " + state.get());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** The live threads whose name starts with {@code prefix}. */
    static List<String> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
                .map(Thread::getName)
                .toList();
    }
}
