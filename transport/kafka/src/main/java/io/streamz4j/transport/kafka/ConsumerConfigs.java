package io.streamz4j.transport.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a Kafka source's arguments and turns the user's consumer config into the one the source
 * runs with: offsets are committed by the source only ({@code enable.auto.commit} false: the client's
 * own commits would commit what was polled, not what was processed, and so lose records in a crash),
 * and records are {@code byte[]} unless deserializers are named.
 *
 * <p>Thread safety: stateless.
 */
final class ConsumerConfigs {
    private ConsumerConfigs() {
    }

    /** {@code topics} as a list, refusing a null or empty collection or a null or blank name. */
    static List<String> topics(String node, Collection<String> topics) {
        if (topics == null || topics.isEmpty()) {
            throw new IllegalArgumentException(node + ": parameter 'topics' must name at least one topic");
        }
        for (String topic : topics) {
            if (topic == null || topic.isBlank()) {
                throw new IllegalArgumentException(node + ": parameter 'topics' holds a null or blank topic name");
            }
        }
        return List.copyOf(topics);
    }

    /** The config the consumer is made with; refuses a missing bootstrap.servers or group.id and auto commit. */
    static Map<String, Object> consumer(String node, Map<String, ?> config) {
        if (config == null) {
            throw new IllegalArgumentException(node + ": parameter 'config' must not be null");
        }
        for (String required : List.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, ConsumerConfig.GROUP_ID_CONFIG)) {
            Object value = config.get(required);
            if (value == null || value.toString().isBlank()) {
                throw new IllegalArgumentException(node + ": parameter 'config' must set '" + required
                        + "' (the source commits its progress to a consumer group)");
            }
        }
        Object autoCommit = config.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG);
        if (autoCommit != null && Boolean.parseBoolean(autoCommit.toString().trim())) {
            throw new IllegalArgumentException(node + ": parameter 'config' sets 'enable.auto.commit' to true,"
                    + " which commits records before they are processed; the source commits what is finished itself");
        }
        Map<String, Object> props = new HashMap<>(config);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.putIfAbsent(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.putIfAbsent(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return props;
    }
}
