package io.streamz4j.transport.kafka;

import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Field;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import org.apache.arrow.memory.RootAllocator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.streamz4j.transport.kafka.FromKafkaTest.assertRefused;
import static io.streamz4j.transport.kafka.FromKafkaTest.commitCycle;
import static io.streamz4j.transport.kafka.KafkaTesting.bytes;
import static io.streamz4j.transport.kafka.KafkaTesting.committed;
import static io.streamz4j.transport.kafka.KafkaTesting.consumerConfig;
import static io.streamz4j.transport.kafka.KafkaTesting.newGroup;
import static io.streamz4j.transport.kafka.KafkaTesting.produce;
import static io.streamz4j.transport.kafka.KafkaTesting.string;
import static io.streamz4j.transport.kafka.KafkaTesting.until;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** from_kafka_batched against a real broker: per-partition batches, one counter each, frames released. */
class FromKafkaBatchedTest {
    private static final Duration POLL = Duration.ofMillis(50);
    private static final KafkaSourceOptions FAST = KafkaSourceOptions.defaults()
            .pollInterval(POLL).commitInterval(Duration.ofMillis(50));

    /**
     * Mirrors streamz's test_kafka.py test_from_kafka_batched (values come out in batches) and its
     * check that batches keep each partition's order: here also at most maxBatchSize, one partition each.
     */
    @Test
    void batchesHoldAtMostMaxBatchSizeValuesOfOnePartitionInOffsetOrder() {
        String topic = KafkaTestBroker.createTopic("batched", 3);
        produce(topic, 3, 25);
        String group = newGroup();
        FromKafkaBatched<byte[], byte[], List<?>> source =
                Kafka.fromKafkaBatched(topic, consumerConfig(group), 10, POLL, false, false);
        List<List<?>> batches = new CopyOnWriteArrayList<>();
        source.sink(batches::add);
        source.start();
        try {
            until(() -> batches.stream().mapToInt(List::size).sum() >= 75, batches::size);
        } finally {
            source.stop();
        }
        Map<Integer, Integer> next = new HashMap<>();
        for (List<?> batch : batches) {
            assertTrue(!batch.isEmpty() && batch.size() <= 10, "batch of " + batch.size());
            int partition = -1;
            for (Object value : batch) {
                String[] pi = string((byte[]) value).split(":");
                int p = Integer.parseInt(pi[0]);
                if (partition < 0) {
                    partition = p;
                }
                assertEquals(partition, p, "one partition per batch");
                int expected = next.getOrDefault(p, 0);
                assertEquals(expected, Integer.parseInt(pi[1]), "offset order within the partition");
                next.put(p, expected + 1);
            }
        }
        assertEquals(Map.of(0, 25, 1, 25, 2, 25), next);
        assertEquals(Map.of(0, 25L, 1, 25L, 2, 25L), committed(group, topic));
    }

    /** streamz's keys=True: batches carry the keys too, here as the records themselves. */
    @Test
    void keysGivesTheRecords() {
        String topic = KafkaTestBroker.createTopic("batchedkeys", 3);
        produce(topic, 3, 4);
        FromKafkaBatched<byte[], byte[], List<?>> source =
                Kafka.fromKafkaBatched(topic, consumerConfig(newGroup()), 100, POLL, false, true);
        List<ConsumerRecord<?, ?>> records = new CopyOnWriteArrayList<>();
        source.sink(batch -> batch.forEach(r -> records.add((ConsumerRecord<?, ?>) r)));
        source.start();
        try {
            until(() -> records.size() >= 12, records::size);
        } finally {
            source.stop();
        }
        for (ConsumerRecord<?, ?> r : records) {
            assertArrayEquals(bytes("k" + r.partition()), (byte[]) r.key());
            assertEquals(r.partition() + ":" + r.offset(), string((byte[]) r.value()));
        }
    }

    /** A later batch finishing first does not commit past an earlier one still held (streamz would). */
    @Test
    void aLaterBatchFinishingFirstDoesNotCommitPastAnEarlierOne() {
        String topic = KafkaTestBroker.createTopic("batchedorder", 3);
        try (KafkaProducer<byte[], byte[]> producer = KafkaTesting.producer()) {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>(topic, 0, bytes("k"), bytes("0:" + i)));
            }
            producer.flush();
        }
        String group = newGroup();
        FromKafkaBatched<byte[], byte[], List<?>> source = new FromKafkaBatched<>(topic, consumerConfig(group), 5,
                FAST, false, batch -> batch);
        Holding<List<?>> sink = new Holding<>(source, batch -> contains(batch, 6) || contains(batch, 16));
        source.start();
        try {
            until(() -> sink.seen().stream().mapToInt(List::size).sum() >= 20, () -> sink.seen().size());
            long earlierStart = firstOffset(sink.seen(), 6);
            until(() -> committed(group, topic).getOrDefault(0, -1L) == earlierStart, () -> committed(group, topic));

            sink.release(batch -> contains(batch, 16));
            commitCycle(topic, group, 1, 1L);
            assertEquals(earlierStart, committed(group, topic).get(0));

            sink.release(batch -> contains(batch, 6));
            until(() -> committed(group, topic).get(0) == 20L, () -> committed(group, topic));
        } finally {
            source.stop();
        }
    }

    /** Batches of JSON values become Arrow frames; each is released once done (the allocator closes clean). */
    @Test
    void jsonValuesBecomeFramesThatAreReleased() {
        String topic = KafkaTestBroker.createTopic("batchedframes", 3);
        try (KafkaProducer<byte[], byte[]> producer = KafkaTesting.producer()) {
            for (int i = 0; i < 30; i++) {
                producer.send(new ProducerRecord<>(topic, i % 3, bytes("k"),
                        bytes("{\"x\": " + i + ", \"name\": \"n" + i + "\"}")));
            }
            producer.flush();
        }
        Schema schema = Schema.of(List.of(Field.of("x", ColumnType.LONG), Field.of("name", ColumnType.STRING)));
        String group = newGroup();
        List<Map<String, Object>> rows = new CopyOnWriteArrayList<>();
        try (RootAllocator allocator = new RootAllocator()) {
            FromKafkaBatched<byte[], byte[], Frame> source = Kafka.fromKafkaBatched(topic, consumerConfig(group), 4,
                    FAST, false, KafkaFrames.<byte[]>jsonRecords(schema, allocator));
            source.sink(frame -> rows.addAll(frame.toRecords()));
            source.start();
            try {
                until(() -> rows.size() >= 30, rows::size);
            } finally {
                source.stop();
            }
            assertEquals(0, allocator.getAllocatedMemory(), "every frame was released");
        }
        List<Long> xs = new ArrayList<>();
        rows.forEach(row -> {
            long x = ((Number) row.get("x")).longValue();
            assertEquals("n" + x, row.get("name"));
            xs.add(x);
        });
        assertEquals(30, xs.stream().distinct().count());
        assertEquals(Map.of(0, 10L, 1, 10L, 2, 10L), committed(group, topic));
    }

    /**
     * Mirrors streamz's test_kafka.py test_kafka_refresh_partitions: partitions added to the topic
     * while the source runs are read too (here by the group's rebalance, prompt with refreshPartitions).
     */
    @Test
    void refreshPartitionsPicksUpPartitionsAddedWhileRunning() throws Exception {
        String topic = KafkaTestBroker.createTopic("refresh", 2);
        produce(topic, 2, 5);
        FromKafkaBatched<byte[], byte[], List<?>> source =
                Kafka.fromKafkaBatched(topic, consumerConfig(newGroup()), 100, POLL, true, true);
        List<ConsumerRecord<?, ?>> records = new CopyOnWriteArrayList<>();
        source.sink(batch -> batch.forEach(r -> records.add((ConsumerRecord<?, ?>) r)));
        source.start();
        try {
            until(() -> records.size() >= 10, records::size);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    KafkaTestBroker.bootstrapServers()))) {
                admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(4))).all().get(30, TimeUnit.SECONDS);
            }
            produce(topic, 4, 5);
            until(() -> records.stream().filter(r -> r.partition() >= 2).count() >= 10, records::size);
        } finally {
            source.stop();
        }
    }

    @Test
    void badArgumentsFailAtConstruction() {
        Map<String, Object> good = consumerConfig(newGroup());
        assertRefused("'topic'", () -> new FromKafkaBatched<>(null, good));
        assertRefused("'topic'", () -> new FromKafkaBatched<>(" ", good));
        assertRefused("'maxBatchSize'", () -> new FromKafkaBatched<>("t", good, 0, POLL, false, false));
        assertRefused("'pollInterval'", () -> new FromKafkaBatched<>("t", good, 10, Duration.ofMillis(-5), false, false));
        assertRefused("'converter'", () -> new FromKafkaBatched<>("t", good, 10, FAST, false, null));
        assertRefused("group.id", () -> new FromKafkaBatched<>("t", Map.of("bootstrap.servers", "x:1")));
        assertRefused("from_kafka_batched", () -> new FromKafkaBatched<>("t", good, -1, POLL, false, false));
    }

    private static boolean contains(List<?> batch, long offset) {
        return batch.stream().anyMatch(r -> ((ConsumerRecord<?, ?>) r).offset() == offset
                && ((ConsumerRecord<?, ?>) r).partition() == 0);
    }

    private static long firstOffset(List<List<?>> batches, long containing) {
        return batches.stream().filter(b -> contains(b, containing))
                .mapToLong(b -> ((ConsumerRecord<?, ?>) b.get(0)).offset()).findFirst().orElseThrow();
    }
}
