package io.streamz4j.transport.kafka;

import java.time.Duration;
import java.util.function.Function;

/**
 * The knobs of {@link ToKafka} beyond its topic and producer config: how many sends may await the
 * broker's acknowledgement at once (the back pressure), how an element's record key is made, and
 * how long closing the producer may take. Each setter checks its argument at once, with an
 * {@link IllegalArgumentException} naming {@code to_kafka} and the parameter.
 *
 * <p>Thread safety: build on one thread, then hand to the sink, which copies what it needs.
 */
public final class ToKafkaOptions {
    /** Enough sends to fill the producer's batches on a fast broker, few enough to bound what is held. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 1024;
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
    private Function<Object, ?> key;
    private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;

    /** Options with the defaults: {@value #DEFAULT_MAX_IN_FLIGHT} sends in flight, no key, a 30 s close. */
    public static ToKafkaOptions defaults() {
        return new ToKafkaOptions();
    }

    /** At most {@code n} sends await the broker's acknowledgement; the emitting thread waits for the next. */
    public ToKafkaOptions maxInFlight(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("to_kafka: parameter 'maxInFlight' must be positive, got " + n);
        }
        this.maxInFlight = n;
        return this;
    }

    /**
     * Makes each element's record key with {@code f} (an element that is already a
     * {@code ProducerRecord} keeps its own); without one, records have no key.
     */
    @SuppressWarnings("unchecked")
    public ToKafkaOptions key(Function<?, ?> f) {
        if (f == null) {
            throw new IllegalArgumentException("to_kafka: parameter 'key' must not be null");
        }
        this.key = (Function<Object, ?>) f;
        return this;
    }

    /** How long destroying the sink waits for what is still in flight before closing the producer anyway. */
    public ToKafkaOptions closeTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("to_kafka: parameter 'closeTimeout' must be a non-negative duration, got "
                    + timeout);
        }
        this.closeTimeout = timeout;
        return this;
    }

    int maxInFlight() {
        return maxInFlight;
    }

    Function<Object, ?> key() {
        return key;
    }

    Duration closeTimeout() {
        return closeTimeout;
    }
}
