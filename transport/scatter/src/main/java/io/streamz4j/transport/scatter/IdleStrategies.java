package io.streamz4j.transport.scatter;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.util.concurrent.TimeUnit;

/**
 * The idle strategies of the scatter transport's loops (the coordinator's agent, the emitting
 * thread's waits, the worker's poll loop), by name: {@code backoff} (the default: spin a little,
 * yield a little, then park from 1 microsecond doubling up to 1 millisecond, so an idle loop costs
 * next to no CPU on a machine with few cores yet wakes within a millisecond), {@code sleeping}
 * (parks 100 microseconds each time), {@code yielding} ({@code Thread.yield}), {@code busy-spin}
 * (lowest latency, one core per loop: an option, never the default).
 *
 * <p>Thread safety: {@link #parse} makes a new strategy each call; a strategy has state and
 * belongs to one loop.
 */
public final class IdleStrategies {
    /** The name of the default strategy. */
    public static final String DEFAULT = "backoff";

    private static final long MAX_PARK_NS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long SLEEP_NS = TimeUnit.MICROSECONDS.toNanos(100);

    private IdleStrategies() {
    }

    /**
     * A new strategy of the name; null or empty gives the default.
     *
     * @throws IllegalArgumentException for any other name, listing the known ones
     */
    public static IdleStrategy parse(String name) {
        String chosen = name == null || name.isEmpty() ? DEFAULT : name;
        return switch (chosen) {
            case "backoff" -> new BackoffIdleStrategy(20, 10, TimeUnit.MICROSECONDS.toNanos(1), MAX_PARK_NS);
            case "sleeping" -> new SleepingIdleStrategy(SLEEP_NS);
            case "yielding" -> new YieldingIdleStrategy();
            case "busy-spin" -> new BusySpinIdleStrategy();
            default -> throw new IllegalArgumentException("idle strategy '" + name
                    + "' is not one of backoff, sleeping, yielding, busy-spin");
        };
    }
}
