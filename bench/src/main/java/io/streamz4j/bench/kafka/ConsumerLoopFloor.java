package io.streamz4j.bench.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The floor of the Kafka suite: the plain {@link KafkaConsumer} loop a user would write by hand,
 * summing each record's row into an array indexed by key as it polls. Every partition is assigned
 * (no group, so no rebalance to wait for) and read from its start; the fetch sizes are the ones a
 * pipeline side gets too ({@link #consumerConfig}).
 *
 * <p>Thread safety: runs on the calling thread; the consumer is made and closed within
 * {@link #consume}.
 */
public final class ConsumerLoopFloor implements KafkaSide {
    /** How long a round may take before it is given up: a broker that stopped answering. */
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(10);

    /** The consumer settings every Java side uses: bytes in, large fetches, no commits. */
    public static Map<String, Object> consumerConfig(String bootstrap) {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000,
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024,
                ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
    }

    @Override
    public GroupSums consume(String bootstrap, String topic, long records, int keys) {
        GroupSums sums = new GroupSums(keys);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig(bootstrap))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(topic)) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + GIVE_UP_AFTER.toNanos();
            while (sums.rows() < records) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    byte[] row = record.value();
                    sums.add(Rows.keyOf(row), Rows.valueOf(row));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("kafka bench floor: only " + sums.rows() + " of " + records
                            + " records of " + topic + " arrived in " + GIVE_UP_AFTER);
                }
            }
        }
        return sums;
    }
}
