package io.streamz4j.transport.kafka;

import io.streamz4j.Sink;
import io.streamz4j.Stream;
import io.streamz4j.checkpoint.Codecs;
import io.streamz4j.checkpoint.JournalException;
import io.streamz4j.checkpoint.JournalPosition;
import io.streamz4j.checkpoint.JournaledSource;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A journaled source upstream of {@link ToKafka}, with {@link ToKafkaCheckpointFlush}: a checkpoint
 * never covers an element whose record the broker has not acknowledged, storing one flushes the
 * sink, and one is refused after a record was refused.
 */
class ToKafkaCheckpointFlushTest {
    /** Records are sent only by a flush (or a close): what a checkpoint finds unacknowledged is under the test's control. */
    private static final String LINGER_FOR_EVER = "600000";
    /** An element the pipeline turns into a record larger than the producer's max.request.size. */
    private static final long TOO_LARGE = -1L;

    /** Notes each element's journal index, on the emitting thread. */
    private static final class Indexes extends Sink<Long> {
        final List<Long> seen = new ArrayList<>();

        Indexes(Stream<Long> upstream) {
            super(null, upstream);
        }

        @Override
        public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
            seen.add(JournalPosition.highestIndex(metadata));
        }

        @Override
        protected void accept(Long x) {
            throw new AssertionError("update is overridden");
        }
    }

    private static byte[] payload(long v) {
        return v == TOO_LARGE ? new byte[8192] : ByteBuffer.allocate(Long.BYTES).putLong(v).array();
    }

    private static JournaledSource<Long> source(Path dir) {
        return JournaledSource.builder(dir, Codecs.LONG).checkpointInterval(Duration.ZERO)
                // the refused element stays in flight for ever: close does not wait long for it
                .closeTimeout(Duration.ofMillis(100)).build();
    }

    private static ToKafka<byte[]> sink(JournaledSource<Long> source, String topic) {
        return Kafka.toKafka(source.map(ToKafkaCheckpointFlushTest::payload), topic, Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestBroker.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, LINGER_FOR_EVER,
                ProducerConfig.BATCH_SIZE_CONFIG, "1000000",
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "4096"));
    }

    @Test
    void aCheckpointCoversOnlyAcknowledgedOutputAndFlushesTheSink(@TempDir Path dir) {
        String topic = KafkaTestBroker.createTopic("to-kafka-checkpoint", 1);
        try (JournaledSource<Long> source = source(dir)) {
            Indexes indexes = new Indexes(source);
            ToKafka<byte[]> sink = sink(source, topic);
            source.onCheckpoint(new ToKafkaCheckpointFlush(sink));
            source.start();

            source.emit(1L);
            assertEquals(-1, source.checkpoint(), "nothing acknowledged: no checkpoint");
            sink.flush();
            long first = source.checkpoint();
            assertEquals(indexes.seen.get(0), first);

            source.emit(2L);
            sink.flush();
            source.emit(3L);
            source.emit(4L);
            assertEquals(2, sink.metrics().acknowledged());
            // covers element 2; storing it flushes the sink, so 3 and 4 are written too
            assertEquals(indexes.seen.get(1), source.checkpoint());
            assertEquals(4, sink.metrics().acknowledged());
            assertEquals(indexes.seen.get(3), source.checkpoint());
        }
        assertEquals(4, TopicReader.readAll(topic, 4).size());
    }

    @Test
    void aRefusedRecordKeepsTheCheckpointBeforeIt(@TempDir Path dir) {
        String topic = KafkaTestBroker.createTopic("to-kafka-checkpoint-refused", 1);
        try (JournaledSource<Long> source = source(dir)) {
            Indexes indexes = new Indexes(source);
            ToKafka<byte[]> sink = sink(source, topic);
            sink.onError((node, element, error) -> { }); // expected: counted by the sink
            source.onCheckpoint(new ToKafkaCheckpointFlush(sink));
            source.start();

            source.emit(1L);
            sink.flush();
            source.emit(TOO_LARGE);
            source.emit(3L);
            assertEquals(1, sink.metrics().failed());

            JournalException refused = assertThrows(JournalException.class, source::checkpoint);
            assertTrue(String.valueOf(refused.getCause()).contains("to_kafka")
                    || refused.getMessage().contains("to_kafka"), refused.toString());
            assertEquals(2, sink.metrics().acknowledged(), "the checkpoint's flush wrote element 3");

            // the refusal is reported once; the refused element still holds every later checkpoint
            long stored = source.checkpoint();
            assertEquals(indexes.seen.get(0), stored);
            assertEquals(stored, source.checkpoint());
            assertTrue(stored < indexes.seen.get(2));
        }
    }
}
