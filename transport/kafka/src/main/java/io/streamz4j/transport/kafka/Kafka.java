package io.streamz4j.transport.kafka;

import io.streamz4j.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The typed entry points of the Kafka artifact: streamz's {@code from_kafka} and
 * {@code from_kafka_batched} (sources in a consumer group, at least once by reference counts) and
 * {@code to_kafka} (a sink holding each element's references until the broker has it).
 * The same are reachable by name through the plugin registry ({@link KafkaPluginProvider}).
 *
 * <p>Thread safety: stateless; see each source for its threads.
 */
public final class Kafka {
    private Kafka() {
    }

    /** {@link FromKafka}: every record of {@code topics}, keys and values {@code byte[]} unless deserializers are configured. */
    public static <K, V> FromKafka<K, V> fromKafka(List<String> topics, Map<String, ?> config) {
        return new FromKafka<>(topics, config);
    }

    /** {@link FromKafka} with the poll and commit intervals of {@code options}. */
    public static <K, V> FromKafka<K, V> fromKafka(List<String> topics, Map<String, ?> config,
            KafkaSourceOptions options) {
        return new FromKafka<>(topics, config, options);
    }

    /** {@link FromKafkaBatched}: lists of values (of records when {@code keys}) of at most {@code maxBatchSize} records of one partition. */
    public static <K, V> FromKafkaBatched<K, V, List<?>> fromKafkaBatched(String topic, Map<String, ?> config,
            int maxBatchSize, Duration pollInterval, boolean refreshPartitions, boolean keys) {
        return new FromKafkaBatched<>(topic, config, maxBatchSize, pollInterval, refreshPartitions, keys);
    }

    /** {@link FromKafkaBatched} making each batch an element with {@code converter} (an Arrow frame: {@link KafkaFrames}). */
    public static <K, V, T> FromKafkaBatched<K, V, T> fromKafkaBatched(String topic, Map<String, ?> config,
            int maxBatchSize, KafkaSourceOptions options, boolean refreshPartitions,
            Function<? super List<ConsumerRecord<K, V>>, ? extends T> converter) {
        return new FromKafkaBatched<>(topic, config, maxBatchSize, options, refreshPartitions, converter);
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
