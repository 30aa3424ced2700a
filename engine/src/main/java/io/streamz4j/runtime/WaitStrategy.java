package io.streamz4j.runtime;

import com.lmax.disruptor.LiteBlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * How a thread that waits for work waits: the user's choice of latency against CPU, for ring
 * consumers (a Disruptor wait strategy) and for event loops (an Agrona idle strategy) alike.
 *
 * <p>Thread safety: each call makes a new strategy object for one waiting thread.
 */
public enum WaitStrategy {
    /** Spins on a core: the lowest latency, a whole core burnt while idle. */
    BUSY_SPIN,
    /** Spins, then yields the core to other threads. */
    YIELDING,
    /** Spins, yields, then sleeps briefly: low CPU, latency of tens of microseconds. */
    SLEEPING,
    /** Parks until woken (rings) or for up to a millisecond (loops): the least CPU. */
    BLOCKING;

    /** The strategy for a thread that consumes a Disruptor ring. */
    public com.lmax.disruptor.WaitStrategy forRing() {
        return switch (this) {
            case BUSY_SPIN -> new BusySpinWaitStrategy();
            case YIELDING -> new YieldingWaitStrategy();
            case SLEEPING -> new SleepingWaitStrategy();
            // The lite variant signals a parked consumer only when one waits, not on every publish.
            case BLOCKING -> new LiteBlockingWaitStrategy();
        };
    }

    /** The strategy for an event loop's idle duty cycles; never longer than a timer tick. */
    public IdleStrategy forLoop() {
        return switch (this) {
            case BUSY_SPIN -> new BusySpinIdleStrategy();
            case YIELDING -> new YieldingIdleStrategy();
            case SLEEPING -> new SleepingIdleStrategy(TimeUnit.MICROSECONDS.toNanos(100));
            case BLOCKING -> new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(1),
                    TimeUnit.MILLISECONDS.toNanos(1));
        };
    }
}
