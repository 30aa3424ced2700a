package io.streamz4j.time;

import java.time.Duration;

/**
 * Checks of the intervals time-based nodes are built with.
 *
 * <p>Thread safety: stateless.
 */
final class Intervals {
    private Intervals() {
    }

    /** The interval in nanoseconds; an error naming the node if it is null or negative. */
    static long nanos(Duration interval, String node, String parameter) {
        if (interval == null) {
            throw new IllegalArgumentException(node + ": parameter '" + parameter + "' must not be null");
        }
        if (interval.isNegative()) {
            throw new IllegalArgumentException(node + ": parameter '" + parameter + "' must not be negative, got "
                    + interval);
        }
        return interval.toNanos();
    }

    /**
     * The interval of a node that acts every interval, in nanoseconds; an error naming the node if
     * it is null, negative or zero (a zero interval would emit without pause, for ever).
     */
    static long periodNanos(Duration interval, String node, String parameter) {
        long nanos = nanos(interval, node, parameter);
        if (nanos == 0) {
            throw new IllegalArgumentException(node + ": parameter '" + parameter + "' must be positive, got "
                    + interval);
        }
        return nanos;
    }

    /** streamz's label for an interval: seconds, as Python prints them. */
    static String seconds(long nanos) {
        return Double.toString(nanos / 1e9);
    }
}
