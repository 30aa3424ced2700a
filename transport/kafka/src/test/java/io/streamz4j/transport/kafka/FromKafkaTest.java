package io.streamz4j.transport.kafka;

import io.streamz4j.Await;
import io.streamz4j.Stream;
import io.streamz4j.plugin.PluginGroup;
import io.streamz4j.plugin.PluginRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.IntegerDeserializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static io.streamz4j.transport.kafka.KafkaTesting.bytes;
import static io.streamz4j.transport.kafka.KafkaTesting.committed;
import static io.streamz4j.transport.kafka.KafkaTesting.consumerConfig;
import static io.streamz4j.transport.kafka.KafkaTesting.newGroup;
import static io.streamz4j.transport.kafka.KafkaTesting.produce;
import static io.streamz4j.transport.kafka.KafkaTesting.string;
import static io.streamz4j.transport.kafka.KafkaTesting.until;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** from_kafka against a real broker: records as Kafka gives them, commits that never pass unfinished work. */
class FromKafkaTest {
    private static final KafkaSourceOptions FAST = KafkaSourceOptions.defaults()
            .pollInterval(Duration.ofMillis(50)).commitInterval(Duration.ofMillis(50));

    /** Mirrors streamz's test_kafka.py test_from_kafka: what is produced comes out, here with every record field. */
    @Test
    void roundTripKeepsKeyValuePartitionOffsetAndTimestamp() {
        String topic = KafkaTestBroker.createTopic("roundtrip", 3);
        try (KafkaProducer<byte[], byte[]> producer = KafkaTesting.producer()) {
            for (int i = 0; i < 30; i++) {
                producer.send(new ProducerRecord<>(topic, i % 3, 1_000_000L + i, bytes("k" + i), bytes("v" + i)));
            }
            producer.flush();
        }
        String group = newGroup();
        FromKafka<byte[], byte[]> source = Kafka.fromKafka(List.of(topic), consumerConfig(group), FAST);
        List<ConsumerRecord<byte[], byte[]>> out = new CopyOnWriteArrayList<>();
        source.sink(out::add);
        source.start();
        try {
            until(() -> out.size() >= 30, out::size);
        } finally {
            source.stop();
        }
        assertEquals(30, out.size());
        Map<Integer, Long> nextOffset = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : out) {
            int i = Integer.parseInt(string(r.value()).substring(1));
            assertEquals(topic, r.topic());
            assertArrayEquals(bytes("k" + i), r.key());
            assertEquals(i % 3, r.partition());
            assertEquals(1_000_000L + i, r.timestamp());
            long expected = nextOffset.getOrDefault(r.partition(), 0L);
            assertEquals(expected, r.offset(), "offsets of a partition come in order, from 0");
            nextOffset.put(r.partition(), expected + 1);
        }
        // stop committed what was finished, synchronously: every record
        assertEquals(Map.of(0, 10L, 1, 10L, 2, 10L), committed(group, topic));
    }

    /** A held later record does not hold back earlier ones; a held earlier record is never committed past. */
    @Test
    void commitIsTheContiguousLowWatermarkWhateverOrderRecordsFinishIn() {
        String topic = KafkaTestBroker.createTopic("order", 3);
        produce(topic, 3, 10);
        String group = newGroup();
        FromKafka<byte[], byte[]> source = Kafka.fromKafka(List.of(topic), consumerConfig(group), FAST);
        Holding<ConsumerRecord<byte[], byte[]>> sink = new Holding<>(source,
                r -> r.partition() == 0 && (r.offset() == 3 || r.offset() == 7));
        source.start();
        try {
            until(() -> sink.seen().size() >= 30, () -> sink.seen().size());
            until(() -> committed(group, topic).equals(Map.of(0, 3L, 1, 10L, 2, 10L)), () -> committed(group, topic));

            sink.release(r -> r.offset() == 7); // the later one finishes first
            commitCycle(topic, group, 1, 11L);
            assertEquals(3L, committed(group, topic).get(0), "offset 3 is still unfinished");

            sink.release(r -> r.offset() == 3);
            until(() -> committed(group, topic).get(0) == 10L, () -> committed(group, topic));
        } finally {
            source.stop();
        }
    }

    /** A node failing on a record keeps it unfinished: the commit stops before it and a restart delivers it again. */
    @Test
    void aRecordANodeFailedOnIsNotCommittedPastAndComesAgain() {
        String topic = KafkaTestBroker.createTopic("failing", 3);
        produce(topic, 3, 10);
        String group = newGroup();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        FromKafka<byte[], byte[]> source = Kafka.fromKafka(List.of(topic), consumerConfig(group), FAST);
        source.onPipelineError((node, element, error) -> errors.add(error));
        List<ConsumerRecord<byte[], byte[]>> out = new CopyOnWriteArrayList<>();
        source.map(r -> {
            if (r.partition() == 0 && r.offset() == 5) {
                throw new IllegalStateException("cannot handle " + r.offset());
            }
            return r;
        }).sink(out::add);
        source.start();
        try {
            until(() -> out.size() >= 29, out::size);
            until(() -> committed(group, topic).equals(Map.of(0, 5L, 1, 10L, 2, 10L)), () -> committed(group, topic));
            commitCycle(topic, group, 2, 11L);
            assertEquals(5L, committed(group, topic).get(0));
        } finally {
            source.stop();
        }
        assertEquals(5L, committed(group, topic).get(0), "the stop's commit does not pass the failed record either");
        assertEquals(1, errors.size(), errors::toString);
        assertInstanceOf(IllegalStateException.class, errors.get(0));

        FromKafka<byte[], byte[]> again = Kafka.fromKafka(List.of(topic), consumerConfig(group), FAST);
        List<ConsumerRecord<byte[], byte[]>> redelivered = new CopyOnWriteArrayList<>();
        again.sink(redelivered::add);
        again.start();
        try {
            until(() -> redelivered.stream().anyMatch(r -> r.partition() == 0 && r.offset() == 9),
                    () -> redelivered.size());
        } finally {
            again.stop();
        }
        List<Long> p0 = redelivered.stream().filter(r -> r.partition() == 0).map(ConsumerRecord::offset).toList();
        assertEquals(List.of(5L, 6L, 7L, 8L, 9L), p0);
        assertEquals(Map.of(0, 10L, 1, 10L, 2, 11L), committed(group, topic));
    }

    /** stop() ends the poll thread, and a restart goes on from the committed offsets. */
    @Test
    void stopLeavesNoThreadAndARestartResumes() {
        String topic = KafkaTestBroker.createTopic("stop", 3);
        produce(topic, 3, 5);
        String group = newGroup();
        FromKafka<byte[], byte[]> source = Kafka.fromKafka(List.of(topic), consumerConfig(group), FAST);
        List<String> out = new CopyOnWriteArrayList<>();
        AtomicReference<String> thread = new AtomicReference<>();
        source.sink(r -> {
            thread.set(Thread.currentThread().getName());
            out.add(r.partition() + ":" + r.offset());
        });
        source.start();
        until(() -> out.size() >= 15, out::size);
        source.stop();
        assertTrue(thread.get().startsWith("streamz4j-") && thread.get().endsWith("-kafka"), thread.get());
        assertEquals(Set.of(), Await.liveThreads(thread.get()));

        produce(topic, 3, 5);
        source.start();
        try {
            until(() -> out.size() >= 30, out::size);
        } finally {
            source.stop();
        }
        assertEquals(Set.of(), Await.liveThreads(thread.get()));
        assertEquals(30, new HashSet<>(out).size());
        assertEquals(30, out.size(), "nothing delivered twice across a clean stop");
    }

    /**
     * Two consumers of one group: the second joins mid-stream, the first stops mid-stream; partitions
     * move between them by rebalances, and every record is processed at least once.
     */
    @Test
    void rebalancesLoseNoRecord() {
        String topic = KafkaTestBroker.createTopic("rebalance", 4);
        produce(topic, 4, 100);
        String group = newGroup();
        Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
        List<Integer> byFirst = new CopyOnWriteArrayList<>();
        List<Integer> bySecond = new CopyOnWriteArrayList<>();
        FromKafka<byte[], byte[]> first = Kafka.fromKafka(List.of(topic), consumerConfig(group), FAST);
        first.sink(r -> {
            slow();
            seen.add(r.partition() + ":" + r.offset());
            byFirst.add(r.partition());
        });
        FromKafka<byte[], byte[]> second = Kafka.fromKafka(List.of(topic), consumerConfig(group), FAST);
        second.sink(r -> {
            slow();
            seen.add(r.partition() + ":" + r.offset());
            bySecond.add(r.partition());
        });
        first.start();
        try {
            until(() -> byFirst.size() >= 50, byFirst::size);
            second.start();
            produce(topic, 4, 100);
            until(() -> bySecond.size() >= 50, bySecond::size);
            first.stop();
            until(() -> seen.size() >= 800, seen::size);
        } finally {
            first.stop();
            second.stop();
        }
        for (int p = 0; p < 4; p++) {
            for (int o = 0; o < 200; o++) {
                assertTrue(seen.contains(p + ":" + o), "missing " + p + ":" + o);
            }
        }
        assertEquals(Map.of(0, 200L, 1, 200L, 2, 200L, 3, 200L), committed(group, topic));
    }

    /** A value the configured deserializer rejects is reported to the pipeline's error handler and skipped; the rest flows. */
    @Test
    void aRecordThatCannotBeDeserializedIsReportedAndSkipped() {
        String topic = KafkaTestBroker.createTopic("deserialize", 3);
        try (KafkaProducer<byte[], byte[]> producer = KafkaTesting.producer()) {
            producer.send(new ProducerRecord<>(topic, 0, bytes("k"), new byte[] {0, 0, 0, 1}));
            producer.send(new ProducerRecord<>(topic, 0, bytes("k"), new byte[] {1, 2, 3})); // not 4 bytes
            producer.send(new ProducerRecord<>(topic, 0, bytes("k"), new byte[] {0, 0, 0, 3}));
            producer.flush();
        }
        String group = newGroup();
        Map<String, Object> config = consumerConfig(group);
        config.put("value.deserializer", IntegerDeserializer.class);
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        FromKafka<byte[], Integer> source = Kafka.fromKafka(List.of(topic), config, FAST);
        source.onPipelineError((node, element, error) -> errors.add(error));
        List<Integer> values = new CopyOnWriteArrayList<>();
        source.sink(r -> values.add(r.value()));
        source.start();
        try {
            until(() -> values.size() >= 2, values::size);
        } finally {
            source.stop();
        }
        assertEquals(List.of(1, 3), values);
        assertEquals(1, errors.size(), errors::toString);
        assertInstanceOf(RecordDeserializationException.class, errors.get(0));
        assertEquals(1L, ((RecordDeserializationException) errors.get(0)).offset());
        assertEquals(Map.of(0, 3L), committed(group, topic));
    }

    @Test
    void pluginNamesBuildTheSources() {
        PluginRegistry registry = PluginRegistry.global();
        assertTrue(registry.names(PluginGroup.SOURCES).containsAll(Set.of("from_kafka", "from_kafka_batched")));
        assertTrue(registry.names(PluginGroup.SINKS).contains("to_kafka"));
        String topic = KafkaTestBroker.createTopic("plugin", 3);
        Map<String, Object> config = consumerConfig(newGroup());
        Stream<Object> fromKafka = registry.source("from_kafka", List.of(topic), config);
        assertInstanceOf(FromKafka.class, fromKafka);
        Stream<Object> batched = registry.source("from_kafka_batched", topic, config);
        assertInstanceOf(FromKafkaBatched.class, batched);
    }

    @Test
    void badArgumentsFailAtConstruction() {
        Map<String, Object> good = consumerConfig(newGroup());
        Map<String, Object> noServers = new HashMap<>(good);
        noServers.remove("bootstrap.servers");
        Map<String, Object> noGroup = new HashMap<>(good);
        noGroup.remove("group.id");
        Map<String, Object> autoCommit = new HashMap<>(good);
        autoCommit.put("enable.auto.commit", "true");
        List<String> nullTopic = new ArrayList<>();
        nullTopic.add(null);
        assertRefused("'topics'", () -> new FromKafka<>(null, good));
        assertRefused("'topics'", () -> new FromKafka<>(List.of(), good));
        assertRefused("'topics'", () -> new FromKafka<>(nullTopic, good));
        assertRefused("'config'", () -> new FromKafka<>(List.of("t"), null));
        assertRefused("bootstrap.servers", () -> new FromKafka<>(List.of("t"), noServers));
        assertRefused("group.id", () -> new FromKafka<>(List.of("t"), noGroup));
        assertRefused("enable.auto.commit", () -> new FromKafka<>(List.of("t"), autoCommit));
        assertRefused("'pollInterval'", () -> new FromKafka<>(List.of("t"), good, Duration.ZERO));
        assertRefused("'options'", () -> new FromKafka<>(List.of("t"), good, (KafkaSourceOptions) null));
        assertRefused("'commitInterval'", () -> KafkaSourceOptions.defaults().commitInterval(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> KafkaSourceOptions.defaults().pollInterval(null));
    }

    /** An explicit false for enable.auto.commit is what the source does anyway: accepted. */
    @Test
    void autoCommitFalseIsAccepted() {
        Map<String, Object> config = consumerConfig(newGroup());
        config.put("enable.auto.commit", false);
        assertFalse(new FromKafka<>(List.of("t"), config).isStarted());
    }

    static void assertRefused(String parameter, Runnable construction) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction::run);
        assertTrue(e.getMessage().contains(parameter), e.getMessage());
    }

    /** Produces a record to {@code partition} and waits until it is committed: a commit ran after what came before. */
    static void commitCycle(String topic, String group, int partition, long committedAfter) {
        try (KafkaProducer<byte[], byte[]> producer = KafkaTesting.producer()) {
            producer.send(new ProducerRecord<>(topic, partition, bytes("k"), bytes("extra")));
            producer.flush();
        }
        until(() -> committedAfter == committed(group, topic).getOrDefault(partition, -1L),
                () -> committed(group, topic));
    }

    /** A slowish sink, so that rebalances happen while records are still being processed. */
    private static void slow() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
