package io.streamz4j.transport.kafka;

import io.streamz4j.RefCounter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * streamz's {@code from_kafka}: emits every record of {@code topics} as Kafka's own
 * {@link ConsumerRecord} (key, value, topic, partition, offset, timestamp, headers), each with a
 * {@link RefCounter} in its metadata; a record's offset counts as finished when its counter drops
 * to zero, and the group's committed offset is the contiguous low watermark of finished records per
 * partition (see {@link KafkaSource}). streamz's {@code from_kafka} commits nothing itself (its
 * consumer auto-commits what it polled); this one is at least once. Keys and values are
 * {@code byte[]} unless the config names deserializers.
 *
 * <p>Thread safety: as {@link KafkaSource}: records are emitted on the poll thread
 * {@code streamz4j-<name>-kafka}; start and stop from any thread. Retains nothing per record but
 * its entry in the offset tracker until it is finished.
 *
 * @param <K> record keys
 * @param <V> record values
 */
public final class FromKafka<K, V> extends KafkaSource<K, V, ConsumerRecord<K, V>> {
    static final String KIND = "from_kafka";

    /**
     * Reads {@code topics} with the consumer {@code config} (needs {@code bootstrap.servers} and
     * {@code group.id}; {@code enable.auto.commit} may not be true) and the default options.
     */
    public FromKafka(List<String> topics, Map<String, ?> config) {
        this(topics, config, KafkaSourceOptions.defaults());
    }

    /** As {@link #FromKafka(List, Map)}, polling for up to {@code pollInterval}. */
    public FromKafka(List<String> topics, Map<String, ?> config, Duration pollInterval) {
        this(topics, config, KafkaSourceOptions.defaults().pollInterval(pollInterval));
    }

    /** As {@link #FromKafka(List, Map)}, with the poll and commit intervals of {@code options}. */
    public FromKafka(List<String> topics, Map<String, ?> config, KafkaSourceOptions options) {
        super(KIND, topics, config, checked(options).pollInterval(), options.commitInterval());
    }

    private static KafkaSourceOptions checked(KafkaSourceOptions options) {
        if (options == null) {
            throw new IllegalArgumentException(KIND + ": parameter 'options' must not be null");
        }
        return options;
    }

    @Override
    void emitPolled(ConsumerRecords<K, V> records, PollLoop loop) {
        for (TopicPartition tp : records.partitions()) {
            PartitionOffsets offsets = loop.tracker().partition(tp);
            for (ConsumerRecord<K, V> record : records.records(tp)) {
                if (isStopped()) {
                    return; // not emitted, not tracked: the next owner of the partition gets it again
                }
                long sequence = offsets.emitted(record.offset(), record.offset());
                emitTracked(record, new RefCounter(1, unitDone(offsets, sequence)), loop);
            }
        }
    }
}
