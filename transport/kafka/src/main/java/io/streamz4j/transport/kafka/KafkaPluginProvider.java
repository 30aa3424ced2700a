package io.streamz4j.transport.kafka;

import io.streamz4j.plugin.PluginEntry;
import io.streamz4j.plugin.PluginProvider;

import java.util.List;

/**
 * Registers streamz's Kafka names: the sources {@code from_kafka} and {@code from_kafka_batched}
 * (built by their public constructors from the plugin's arguments) and the sink {@code to_kafka}.
 * The classes load when a name is first used.
 *
 * <p>Thread safety: stateless.
 */
public final class KafkaPluginProvider implements PluginProvider {
    @Override
    public List<PluginEntry> plugins() {
        return List.of(
                PluginEntry.source("from_kafka", "io.streamz4j.transport.kafka.FromKafka"),
                PluginEntry.source("from_kafka_batched", "io.streamz4j.transport.kafka.FromKafkaBatched"),
                PluginEntry.sink("to_kafka", "io.streamz4j.transport.kafka.ToKafka"));
    }
}
