package io.streamz4j.transport.kafka;

import io.streamz4j.Await;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the Kafka source tests share: producing to the tests' broker, a consumer config with a
 * fresh group, the group's committed offsets read back with {@link Admin}, and waiting for a
 * condition with a deadline (no sleeps that assert timing).
 *
 * <p>Thread safety: stateless apart from the group counter; any thread.
 */
final class KafkaTesting {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicInteger GROUPS = new AtomicInteger();

    private KafkaTesting() {
    }

    static String newGroup() {
        return "group-" + GROUPS.incrementAndGet() + "-" + System.nanoTime();
    }

    /** Consumer config for {@code group}, reading from the beginning, fast to join. */
    static Map<String, Object> consumerConfig(String group) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", KafkaTestBroker.bootstrapServers());
        config.put("group.id", group);
        config.put("auto.offset.reset", "earliest");
        config.put("session.timeout.ms", 6000);
        config.put("heartbeat.interval.ms", 500);
        return config;
    }

    /**
     * A producer without idempotence: the test kit's broker was seen handing two producers of one
     * run the same producer id, then refusing the second one's batches as out of sequence until the
     * delivery timeout. The tests need no exactly-once writes from their own producer.
     */
    static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends {@code perPartition} records to each of {@code partitions} partitions, value "p:i", and waits for them. */
    static void produce(String topic, int partitions, int perPartition) {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (int i = 0; i < perPartition; i++) {
                for (int p = 0; p < partitions; p++) {
                    producer.send(new ProducerRecord<>(topic, p, bytes("k" + p), bytes(p + ":" + i)));
                }
            }
            producer.flush();
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String string(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** The committed offset of each partition of {@code topic} in {@code group} (absent: none committed). */
    static Map<Integer, Long> committed(String group, String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaTestBroker.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<Integer, Long> out = new HashMap<>();
            offsets.forEach((tp, o) -> {
                if (o != null && tp.topic().equals(topic)) {
                    out.put(tp.partition(), o.offset());
                }
            });
            return out;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the offsets of " + group, e);
        }
    }

    /** Waits until {@code condition} holds, failing with {@code state} after {@link #TIMEOUT}. */
    static void until(BooleanSupplier condition, Supplier<?> state) {
        Await.until(condition, TIMEOUT, state); // a rebalance takes the group a few seconds
    }
}
