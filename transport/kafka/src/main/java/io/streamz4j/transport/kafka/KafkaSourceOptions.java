package io.streamz4j.transport.kafka;

import java.time.Duration;

/**
 * The timing knobs of a Kafka source: {@code pollInterval}, how long one {@code poll} waits for
 * records (streamz's {@code poll_interval}), and {@code commitInterval}, how often the finished
 * offsets are committed asynchronously (zero: after every poll). Immutable; each {@code with}
 * returns a copy, validated at once.
 *
 * <p>Thread safety: immutable, shareable.
 */
public final class KafkaSourceOptions {
    private static final KafkaSourceOptions DEFAULTS =
            new KafkaSourceOptions(Duration.ofMillis(100), Duration.ofSeconds(1));

    private final Duration pollInterval;
    private final Duration commitInterval;

    private KafkaSourceOptions(Duration pollInterval, Duration commitInterval) {
        this.pollInterval = pollInterval;
        this.commitInterval = commitInterval;
    }

    /** A poll interval of 100 ms (streamz's from_kafka default) and a commit interval of 1 s. */
    public static KafkaSourceOptions defaults() {
        return DEFAULTS;
    }

    /** These options with {@code interval} as the longest a poll waits; must be positive. */
    public KafkaSourceOptions pollInterval(Duration interval) {
        return new KafkaSourceOptions(positive("from_kafka", "pollInterval", interval), commitInterval);
    }

    /** These options committing every {@code interval}; zero or more (zero: after every poll). */
    public KafkaSourceOptions commitInterval(Duration interval) {
        if (interval == null || interval.isNegative()) {
            throw new IllegalArgumentException(
                    "from_kafka: parameter 'commitInterval' must be zero or positive, got " + interval);
        }
        return new KafkaSourceOptions(pollInterval, interval);
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    public Duration commitInterval() {
        return commitInterval;
    }

    /** {@code interval} if positive, else an IllegalArgumentException naming {@code node} and {@code parameter}. */
    static Duration positive(String node, String parameter, Duration interval) {
        if (interval == null || interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException(
                    node + ": parameter '" + parameter + "' must be a positive duration, got " + interval);
        }
        return interval;
    }

    @Override
    public String toString() {
        return "KafkaSourceOptions[pollInterval=" + pollInterval + ", commitInterval=" + commitInterval + "]";
    }
}
