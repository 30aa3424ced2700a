package io.streamz4j.checkpoint;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Test helper: waits until a journaled source's consumers (a buffer's thread) have finished with
 * all but {@code atMost} elements, polling with a timeout, so no test depends on how long a sleep
 * lasts. It only waits; the caller asserts what it expects afterwards, so a drain that never
 * comes fails there, naming what was left.
 *
 * <p>Thread safety: reads {@link JournaledSource#inFlight()}, which any thread may read.
 */
final class DrainWait {
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private DrainWait() {
    }

    static void untilInFlightAtMost(JournaledSource<?> source, long atMost) {
        until(() -> source.inFlight() <= atMost);
    }

    /** Waits until {@code condition} holds, or ten seconds; the caller's assertions then say which. */
    static void until(BooleanSupplier condition) {
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        while (!condition.getAsBoolean() && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
