package io.streamz4j.transport.kafka;

import io.streamz4j.Stream;

import java.util.Map;

/**
 * The typed entry points of streamz's Kafka nodes: {@code Kafka.toKafka(stream, topic, config)}.
 *
 * <p>Thread safety: stateless; each method builds a node on the calling thread.
 */
public final class Kafka {
    private Kafka() {
    }

    /** streamz's {@code to_kafka}: writes every element of {@code upstream} to {@code topic} (see {@link ToKafka}). */
    public static <T> ToKafka<T> toKafka(Stream<? extends T> upstream, String topic, Map<String, ?> config) {
        return new ToKafka<>(upstream, topic, config);
    }

    /** As {@link #toKafka(Stream, String, Map)}, with {@code options} (sends in flight, key, close timeout). */
    public static <T> ToKafka<T> toKafka(Stream<? extends T> upstream, String topic, Map<String, ?> config,
            ToKafkaOptions options) {
        return new ToKafka<>(upstream, topic, config, options);
    }
}
