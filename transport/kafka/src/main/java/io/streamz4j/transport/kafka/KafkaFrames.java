package io.streamz4j.transport.kafka;

import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.io.FrameJson;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Converters for {@link FromKafkaBatched} that turn a batch into an Arrow {@link Frame}: one row
 * per record. The frame is the element's to release: the source releases it when the batch's
 * counter drops to zero.
 *
 * <p>Thread safety: stateless; a converter runs on the source's poll thread and allocates from
 * the allocator given, which must outlive the source.
 */
public final class KafkaFrames {
    private KafkaFrames() {
    }

    /**
     * Each record's value is one UTF-8 JSON object; the batch becomes a frame of {@code schema}'s
     * columns (read with Jackson, {@link FrameJson}). A value that is not such an object fails the
     * batch, which is reported and never committed past.
     */
    public static <K> Function<List<ConsumerRecord<K, byte[]>>, Frame> jsonRecords(Schema schema,
            BufferAllocator allocator) {
        if (schema == null) {
            throw new IllegalArgumentException("from_kafka_batched: parameter 'schema' must not be null");
        }
        if (allocator == null) {
            throw new IllegalArgumentException("from_kafka_batched: parameter 'allocator' must not be null");
        }
        return batch -> {
            List<String> json = new ArrayList<>(batch.size());
            for (ConsumerRecord<K, byte[]> record : batch) {
                json.add(new String(record.value(), StandardCharsets.UTF_8));
            }
            return FrameJson.fromJson(schema, json, allocator);
        };
    }
}
