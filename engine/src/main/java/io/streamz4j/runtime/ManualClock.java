package io.streamz4j.runtime;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told to: tests advance it by hand and then wait for the loop to
 * act on the new time, instead of sleeping. {@link #sleepNanos} advances it, so a node that waits
 * (rate_limit) finishes at once with the time moved on as if it had slept.
 *
 * <p>Thread safety: read and advanced from any thread.
 */
public final class ManualClock implements Clock {
    private final AtomicLong now;

    public ManualClock() {
        this(0);
    }

    public ManualClock(long startNanos) {
        this.now = new AtomicLong(startNanos);
    }

    @Override
    public long nanoTime() {
        return now.get();
    }

    /** Moves the time forward by {@code nanos}. */
    @Override
    public void sleepNanos(long nanos) {
        advance(nanos);
    }

    /** Moves the time forward by {@code step} and returns the new time. */
    public long advance(Duration step) {
        return advance(step.toNanos());
    }

    /** Moves the time forward by {@code nanos} and returns the new time. */
    public long advance(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("ManualClock: time only moves forward, got " + nanos + " ns");
        }
        return now.addAndGet(nanos);
    }
}
