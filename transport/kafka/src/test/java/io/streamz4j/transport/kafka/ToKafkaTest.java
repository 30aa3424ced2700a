package io.streamz4j.transport.kafka;

import io.streamz4j.Metadata;
import io.streamz4j.RefCounter;
import io.streamz4j.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.quota.ClientQuotaFilter;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ToKafka} against the tests' real broker: what it writes, the back pressure of its bounded
 * sends in flight when the broker is slow, the element references it holds until the broker
 * acknowledges, and what a refused record does.
 */
class ToKafkaTest {
    /** Long enough that a record the producer batches is only sent by a flush or a close. */
    private static final String LINGER_FOR_EVER = "600000";

    private static Map<String, Object> config(Object... extra) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers());
        for (int i = 0; i < extra.length; i += 2) {
            config.put((String) extra[i], extra[i + 1]);
        }
        return config;
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Mirrors streamz's test_to_kafka (bytes and a final text message arrive, the text as bytes),
     * on several partitions: everything arrives once, each record with the key the key function
     * made, and the records of one key (one partition) in the order they were emitted.
     */
    @Test
    void roundTripKeepsKeysAndPerPartitionOrder() {
        String topic = KafkaTestBroker.createTopic("to-kafka-round-trip", 3);
        Stream<Object> source = new Stream<>();
        ToKafka<Object> sink = Kafka.toKafka(source, topic, config(), ToKafkaOptions.defaults()
                .key((Object x) -> (x instanceof byte[] b ? text(b) : (String) x).substring(0, 2)));
        int n = 300;
        try {
            for (int i = 0; i < n; i++) {
                String value = "k" + (i % 7) + ":" + i;
                source.emit(i % 2 == 0 ? value : value.getBytes(StandardCharsets.UTF_8));
            }
            source.emit("k0:final message");
            sink.flush();
            assertEquals(n + 1, sink.metrics().acknowledged());
            assertEquals(0, sink.metrics().failed());
            assertEquals(0, sink.inFlight());
        } finally {
            source.close();
        }
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAll(topic, n + 1);
        assertEquals(n + 1, records.size());
        Map<Integer, List<Integer>> seqByPartition = new HashMap<>();
        Map<String, Integer> partitionOfKey = new HashMap<>();
        List<Integer> seen = new ArrayList<>();
        records.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String value = text(r.value());
            String key = text(r.key());
            assertEquals(value.substring(0, 2), key, "the key function's key for " + value);
            assertEquals(r.partition(), partitionOfKey.computeIfAbsent(key, k -> r.partition()));
            if (!value.endsWith("final message")) {
                int seq = Integer.parseInt(value.substring(3));
                seqByPartition.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(seq);
                seen.add(seq);
            }
        }
        for (List<Integer> seqs : seqByPartition.values()) {
            List<Integer> sorted = new ArrayList<>(seqs);
            Collections.sort(sorted);
            assertEquals(sorted, seqs, "one partition's records in emit order");
        }
        Collections.sort(seen);
        for (int i = 0; i < n; i++) {
            assertEquals(i, seen.get(i));
        }
        ConsumerRecord<byte[], byte[]> last = records.stream().filter(r -> text(r.value()).endsWith("final message"))
                .findFirst().orElseThrow();
        List<ConsumerRecord<byte[], byte[]>> k0 = records.stream().filter(r -> r.partition() == last.partition())
                .toList();
        assertSame(last, k0.get(k0.size() - 1), "the final message is the last of its partition");
    }

    /** An element that is a ProducerRecord goes as it is: its own partition, key and topic. */
    @Test
    void aProducerRecordIsSentAsItIs() {
        String topic = KafkaTestBroker.createTopic("to-kafka-record", 3);
        Stream<Object> source = new Stream<>();
        ToKafka<Object> sink = Kafka.toKafka(source, "unused-default-topic", config());
        try {
            source.emit(new ProducerRecord<>(topic, 2, "key".getBytes(StandardCharsets.UTF_8),
                    "value".getBytes(StandardCharsets.UTF_8)));
            sink.flush();
        } finally {
            source.close();
        }
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAll(topic, 1);
        assertEquals(1, records.size());
        assertEquals(2, records.get(0).partition());
        assertEquals("key", text(records.get(0).key()));
        assertEquals("value", text(records.get(0).value()));
    }

    /**
     * The element's references are held until the broker acknowledges its record: a record the
     * producer still batches (a long linger) keeps its element's counter above zero and the
     * source's callback unrun; once the flush has the broker acknowledge it, the counter reaches
     * zero.
     */
    @Test
    void referencesAreReleasedOnlyWhenTheBrokerAcknowledges() {
        String topic = KafkaTestBroker.createTopic("to-kafka-refs", 1);
        Stream<byte[]> source = new Stream<>();
        ToKafka<byte[]> sink = Kafka.toKafka(source, topic, config(ProducerConfig.LINGER_MS_CONFIG, LINGER_FOR_EVER,
                ProducerConfig.BATCH_SIZE_CONFIG, "1000000"));
        try {
            AtomicInteger done = new AtomicInteger();
            RefCounter ref = new RefCounter(1, done::incrementAndGet);
            source.emit("x".getBytes(StandardCharsets.UTF_8), Metadata.withRef(ref));
            ref.release();
            assertEquals(1, ref.count(), "the sink holds the element while its record is unacknowledged");
            assertEquals(0, done.get());
            assertEquals(0, sink.metrics().acknowledged());
            assertEquals(1, sink.inFlight());

            sink.flush();
            assertEquals(1, sink.metrics().acknowledged());
            assertEquals(0, ref.count());
            assertEquals(1, done.get(), "released once, after the acknowledgement");
            assertEquals(0, sink.inFlight());
        } finally {
            source.close();
        }
        assertEquals(1, TopicReader.readAll(topic, 1).size());
    }

    /** Closing the pipeline (destroying the sink) writes what the producer still batched, then closes it. */
    @Test
    void closeWritesWhatIsStillBatched() {
        String topic = KafkaTestBroker.createTopic("to-kafka-close", 1);
        Stream<String> source = new Stream<>();
        ToKafka<String> sink = Kafka.toKafka(source, topic, config(ProducerConfig.LINGER_MS_CONFIG, LINGER_FOR_EVER,
                ProducerConfig.BATCH_SIZE_CONFIG, "1000000"));
        for (int i = 0; i < 5; i++) {
            source.emit("v" + i);
        }
        assertEquals(0, sink.metrics().acknowledged());
        source.close();
        assertEquals(5, sink.metrics().acknowledged());
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAll(topic, 5);
        assertEquals(List.of("v0", "v1", "v2", "v3", "v4"), records.stream().map(r -> text(r.value())).toList());
    }

    /**
     * A broker made slow for this producer (a client quota on its produce rate): the emitting
     * thread is held at maxInFlight unacknowledged records, never more, and everything still
     * arrives, in order.
     */
    @Test
    void aSlowBrokerHoldsTheEmitterAtMaxInFlight() throws Exception {
        String topic = KafkaTestBroker.createTopic("to-kafka-slow", 1);
        String clientId = "to-kafka-slow-" + System.nanoTime();
        slowDown(clientId, 100_000);
        int maxInFlight = 4;
        int n = 100;
        Stream<byte[]> source = new Stream<>();
        ToKafka<byte[]> sink = Kafka.toKafka(source, topic, config(ProducerConfig.CLIENT_ID_CONFIG, clientId,
                        ProducerConfig.LINGER_MS_CONFIG, "0", ProducerConfig.BATCH_SIZE_CONFIG, "4096"),
                ToKafkaOptions.defaults().maxInFlight(maxInFlight));
        AtomicInteger acknowledged = new AtomicInteger();
        int mostUnacknowledged = 0;
        try {
            for (int i = 0; i < n; i++) {
                byte[] value = new byte[4000];
                ByteBuffer.wrap(value).putInt(i);
                RefCounter ref = new RefCounter(1, acknowledged::incrementAndGet);
                source.emit(value, Metadata.withRef(ref));
                ref.release();
                int unacknowledged = (i + 1) - acknowledged.get();
                mostUnacknowledged = Math.max(mostUnacknowledged, unacknowledged);
                assertTrue(sink.inFlight() <= maxInFlight, "in flight: " + sink.inFlight());
            }
            sink.flush();
            assertEquals(n, acknowledged.get());
            assertTrue(throttleTimeMax(sink) > 0, "the broker throttled the producer");
        } finally {
            source.close();
        }
        assertTrue(mostUnacknowledged <= maxInFlight, "at most maxInFlight unacknowledged, saw " + mostUnacknowledged);
        assertEquals(maxInFlight, mostUnacknowledged, "the emitter ran ahead until the bound held it");
        assertTrue(sink.metrics().backPressureWaits() > 0, "emits waited for the broker");
        List<ConsumerRecord<byte[], byte[]>> records = TopicReader.readAll(topic, n);
        assertEquals(n, records.size());
        for (int i = 0; i < n; i++) {
            assertEquals(i, ByteBuffer.wrap(records.get(i).value()).getInt());
        }
    }

    private static void slowDown(String clientId, double bytesPerSecond) throws Exception {
        ClientQuotaEntity entity = new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, clientId));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaTestBroker.bootstrapServers()))) {
            admin.alterClientQuotas(List.of(new ClientQuotaAlteration(entity,
                    List.of(new ClientQuotaAlteration.Op("producer_byte_rate", bytesPerSecond)))))
                    .all().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!admin.describeClientQuotas(ClientQuotaFilter.all()).entities().get(30, TimeUnit.SECONDS)
                    .containsKey(entity)) {
                assertTrue(System.nanoTime() < deadline, "the broker never showed the quota");
                Thread.onSpinWait();
            }
        }
    }

    private static double throttleTimeMax(ToKafka<?> sink) {
        for (Map.Entry<MetricName, ? extends Metric> e : sink.producerMetrics().entrySet()) {
            if (e.getKey().name().equals("produce-throttle-time-max") && e.getKey().group().equals("producer-metrics")) {
                Object value = e.getValue().metricValue();
                return value instanceof Double d && !d.isNaN() ? d : 0;
            }
        }
        throw new AssertionError("no produce-throttle-time-max metric");
    }

    /** What the error handler heard: the node, the element, the error and the thread. */
    private record Failure(Stream<?> node, Object element, Throwable error, String thread) {
    }

    /**
     * A record the producer refuses (larger than its max.request.size) reaches the error handler
     * with its element and a message naming to_kafka and the topic; its references stay held (it
     * is never acknowledged upstream), its slot in flight is freed, and the sink goes on.
     */
    @Test
    void aRecordTheProducerRefusesReachesTheHandlerAndKeepsItsReferences() {
        String topic = KafkaTestBroker.createTopic("to-kafka-too-large", 1);
        Stream<byte[]> source = new Stream<>();
        ToKafka<byte[]> sink = Kafka.toKafka(source, topic, config(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "2048"),
                ToKafkaOptions.defaults().maxInFlight(1));
        List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
        sink.onError((node, element, error) -> failures.add(new Failure(node, element, error,
                Thread.currentThread().getName())));
        try {
            byte[] tooLarge = new byte[8192];
            AtomicInteger done = new AtomicInteger();
            RefCounter ref = new RefCounter(1, done::incrementAndGet);
            source.emit(tooLarge, Metadata.withRef(ref));
            ref.release();
            sink.flush();
            assertRefused(failures, sink, tooLarge, topic, RecordTooLargeException.class);
            assertEquals(1, ref.count(), "a refused element stays held");
            assertEquals(0, done.get());
            assertEquals(1, sink.metrics().failed());
            assertEquals(0, sink.inFlight());

            source.emit("after".getBytes(StandardCharsets.UTF_8)); // maxInFlight 1: the refused one freed its slot
            sink.flush();
            assertEquals(1, sink.metrics().acknowledged());
        } finally {
            source.close();
        }
        assertEquals(List.of("after"), TopicReader.readAll(topic, 1).stream().map(r -> text(r.value())).toList());
    }

    /**
     * A record the broker refuses (over the topic's max.message.bytes) is refused on the
     * producer's I/O thread, and reaches the handler from there, references held.
     */
    @Test
    void aRecordTheBrokerRefusesReachesTheHandlerFromTheProducersThread() throws Exception {
        String topic = "to-kafka-broker-refuses-" + System.nanoTime();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaTestBroker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("max.message.bytes", "1024"))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        Stream<byte[]> source = new Stream<>();
        ToKafka<byte[]> sink = Kafka.toKafka(source, topic, config(ProducerConfig.RETRIES_CONFIG, "0"));
        List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
        sink.onError((node, element, error) -> failures.add(new Failure(node, element, error,
                Thread.currentThread().getName())));
        try {
            byte[] tooLarge = new byte[4096];
            RefCounter ref = new RefCounter(1, null);
            source.emit(tooLarge, Metadata.withRef(ref));
            ref.release();
            sink.flush();
            assertRefused(failures, sink, tooLarge, topic, RecordTooLargeException.class);
            assertTrue(failures.get(0).thread().startsWith("kafka-producer-network-thread"), failures.get(0).thread());
            assertEquals(1, ref.count(), "a refused element stays held");
            assertEquals(0, sink.metrics().acknowledged());
        } finally {
            source.close();
        }
    }

    private static void assertRefused(List<Failure> failures, ToKafka<?> sink, Object element, String topic,
            Class<? extends Throwable> cause) {
        assertEquals(1, failures.size(), failures.toString());
        Failure failure = failures.get(0);
        assertSame(sink, failure.node());
        assertSame(element, failure.element());
        ToKafkaException error = assertInstanceOf(ToKafkaException.class, failure.error());
        assertTrue(error.getMessage().startsWith("to_kafka: ") && error.getMessage().contains("'" + topic + "'"),
                error.getMessage());
        assertInstanceOf(cause, error.getCause());
        assertSame(error, sink.lastFailure());
    }

    /**
     * A value the serializer cannot write is refused inside send: reported, thrown to the emitter,
     * its slot freed and the sink's own hold on the references let go (the engine keeps the failed
     * element's, as for any node that throws).
     * A key function that throws reaches the emitter unchanged, as any node's user function.
     */
    @Test
    void refusalsInsideSendReachTheEmitter() {
        String topic = KafkaTestBroker.createTopic("to-kafka-unserializable", 1);
        Stream<Object> source = new Stream<>();
        ToKafka<Object> sink = Kafka.toKafka(source, topic, config(), ToKafkaOptions.defaults().maxInFlight(1)
                .key(x -> {
                    if ("bad key".equals(x)) {
                        throw new IllegalStateException("no key for it");
                    }
                    return null;
                }));
        List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
        sink.onError((node, element, error) -> failures.add(new Failure(node, element, error,
                Thread.currentThread().getName())));
        try {
            RefCounter ref = new RefCounter(1, null);
            Integer unwritable = 42;
            ToKafkaException thrown = assertThrows(ToKafkaException.class,
                    () -> source.emit(unwritable, Metadata.withRef(ref)));
            assertRefused(failures, sink, unwritable, topic,
                    org.apache.kafka.common.errors.SerializationException.class);
            assertSame(failures.get(0).error(), thrown);
            // the emitter's own hold and the one the engine keeps for an element a node threw on;
            // the sink's hold for the send is let go
            assertEquals(2, ref.count());
            assertEquals(0, sink.inFlight());

            IllegalStateException keyFailure = assertThrows(IllegalStateException.class, () -> source.emit("bad key"));
            assertEquals("no key for it", keyFailure.getMessage());
            assertEquals(0, sink.inFlight());

            source.emit("fine");
            sink.flush();
            assertEquals(1, sink.metrics().acknowledged());
        } finally {
            source.close();
        }
        assertEquals(List.of("fine"), TopicReader.readAll(topic, 1).stream().map(r -> text(r.value())).toList());
    }

    @Test
    void defaultSerializerWritesBytesAndText() {
        BytesOrStringSerializer serializer = new BytesOrStringSerializer();
        byte[] bytes = {1, 2, 3};
        assertSame(bytes, serializer.serialize("t", bytes));
        assertArrayEquals("é".getBytes(StandardCharsets.UTF_8), serializer.serialize("t", "é"));
        assertNull(serializer.serialize("t", null));
    }
}
