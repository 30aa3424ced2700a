package io.streamz4j.bench.kafka;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.DataFrame;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.groupby.GroupBy;
import io.streamz4j.frame.groupby.GroupResult;
import io.streamz4j.transport.kafka.FromKafkaBatched;
import io.streamz4j.transport.kafka.Kafka;
import io.streamz4j.transport.kafka.KafkaSourceOptions;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The streamz4j side of the Kafka suite: {@code from_kafka_batched} into a streaming-frame
 * {@code groupby("key").value.sum()} (and {@code .count()}, as the floor counts rows): each batch
 * of one partition becomes an Arrow frame of {@code key} and {@code value} columns, decoded from
 * the 16-byte rows straight into the vectors; the group-by's running results after the last row
 * are the sums. The source is in a fresh consumer group reading from the start, committing its
 * watermarks as in production.
 *
 * <p>Thread safety: {@link #consume} runs on the bench's main thread; the pipeline runs on the
 * source's poll thread, which the stop at the end ends.
 */
public final class FromKafkaBatchedSide implements KafkaSide {
    private static final Schema ROWS = Schema.builder().add("key", ColumnType.LONG).add("value", ColumnType.DOUBLE).build();
    private static final int MAX_BATCH = 10_000;
    private static final Duration GIVE_UP_AFTER = Duration.ofMinutes(10);

    @Override
    public GroupSums consume(String bootstrap, String topic, long records, int keys) throws Exception {
        Map<String, Object> config = new HashMap<>(ConsumerLoopFloor.consumerConfig(bootstrap));
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (BufferAllocator allocator = new RootAllocator()) {
            FromKafkaBatched<byte[], byte[], Frame> source = Kafka.fromKafkaBatched(topic, config, MAX_BATCH,
                    KafkaSourceOptions.defaults().pollInterval(Duration.ofMillis(100)), false,
                    batch -> toFrame(batch, allocator));
            source.named("bench-from-kafka-batched");
            DataFrame rows = DataFrame.of(source, ROWS, allocator);
            GroupBy byKey = rows.groupby("key").col("value");
            AtomicReference<GroupResult> sums = new AtomicReference<>();
            AtomicReference<GroupResult> counts = new AtomicReference<>();
            byKey.sum().results().sink(sums::set);
            byKey.count().results().sink(counts::set);
            long[] seen = new long[1];
            CountDownLatch done = new CountDownLatch(1);
            source.sink(frame -> { // connected after the group-by, so it sees each frame once the sums have it
                seen[0] += frame.rows();
                if (seen[0] >= records) {
                    done.countDown();
                }
            });
            source.start();
            try {
                if (!done.await(GIVE_UP_AFTER.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("kafka bench streamz4j: only " + seen[0] + " of " + records
                            + " records of " + topic + " arrived in " + GIVE_UP_AFTER);
                }
            } finally {
                source.stop();
                source.destroy();
            }
            return groupSums(sums.get(), counts.get(), keys);
        }
    }

    /** One partition's batch as a frame, each row's key and value read in place into the vectors. */
    private static Frame toFrame(List<ConsumerRecord<byte[], byte[]>> batch, BufferAllocator allocator) {
        int n = batch.size();
        Column key = Column.allocateForOverwrite(ROWS.field("key"), n, allocator);
        Column value = Column.allocateForOverwrite(ROWS.field("value"), n, allocator);
        BigIntVector keys = (BigIntVector) key.vector();
        Float8Vector values = (Float8Vector) value.vector();
        for (int i = 0; i < n; i++) {
            byte[] row = batch.get(i).value();
            keys.set(i, Rows.keyOf(row));
            values.set(i, Rows.valueOf(row));
        }
        return Frame.of(ROWS, List.of(key, value), null);
    }

    private static GroupSums groupSums(GroupResult sums, GroupResult counts, int keys) {
        GroupSums result = new GroupSums(keys);
        String sumColumn = sums.columnNames().get(0);
        String countColumn = counts.columnNames().get(0);
        for (Object key : sums.keys()) {
            result.addSum(((Number) key).longValue(), sums.get(sumColumn, key).doubleValue(),
                    counts.get(countColumn, key).longValue());
        }
        return result;
    }
}
