package io.streamz4j.runtime;

import java.util.concurrent.locks.LockSupport;

/**
 * Where time-based nodes read the time and how they wait for it. Injected through a pipeline's
 * {@link EventLoop}, so tests drive time by hand ({@link ManualClock}) instead of sleeping.
 *
 * <p>Thread safety: implementations are read from any thread.
 */
public interface Clock {

    /** A monotonic time in nanoseconds, comparable only with other readings of this clock. */
    long nanoTime();

    /** Waits until {@code nanos} have passed on this clock. */
    default void sleepNanos(long nanos) {
        long deadline = nanoTime() + nanos;
        for (long left = nanos; left > 0; left = deadline - nanoTime()) {
            LockSupport.parkNanos(left);
        }
    }

    /** The machine's monotonic clock, {@link System#nanoTime()}. */
    static Clock system() {
        return SystemClock.INSTANCE;
    }
}

/** {@link System#nanoTime()} as a {@link Clock}. Stateless. */
enum SystemClock implements Clock {
    INSTANCE;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }
}
