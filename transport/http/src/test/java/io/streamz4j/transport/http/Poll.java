package io.streamz4j.transport.http;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Test helper: waits for what the source's threads do by polling a condition up to a deadline, so
 * no result depends on how long a fixed sleep lasts; finds the threads a source left behind.
 *
 * <p>Thread safety: stateless; conditions read thread-safe objects.
 */
final class Poll {
    /** Far longer than a correct source needs; a broken one fails after it. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Poll() {
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

    /** The live threads whose name starts with {@code prefix}. */
    static List<String> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
                .map(Thread::getName)
                .toList();
    }
}
