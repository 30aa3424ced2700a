package io.streamz4j.transport.kafka;

import io.streamz4j.RefCounter;
import io.streamz4j.frame.Frame;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * streamz's {@code from_kafka_batched}: emits each partition's records of {@code topic} in batches
 * of at most {@code maxBatchSize} records of one partition, in offset order: by default a
 * {@code List} of the values, with {@code keys} a {@code List} of the {@link ConsumerRecord}s
 * (streamz's {@code keys=True} gives dicts of key and value; a record carries both and more), or
 * whatever a converter makes of the batch (an Arrow {@link Frame}: {@link KafkaFrames#jsonRecords}).
 * One {@link RefCounter} per batch; the batch's offsets count as finished when it drops to zero,
 * and the group's committed offset is the contiguous low watermark of finished batches per
 * partition, so a batch finishing before an earlier one does not commit past it (streamz commits
 * each batch's end as its counter drops; see {@link KafkaSource}). A frame is released when its
 * counter drops to zero; a sink that keeps it (sink_to_list) keeps it alive.
 *
 * <p>{@code refreshPartitions}: streamz's consumer assigns itself the topic's partitions and looks
 * for new ones only when it is true. This source subscribes with its group, so partitions added to
 * the topic always reach it, by a rebalance once the client's metadata shows them (at the latest
 * after {@code metadata.max.age.ms}, 5 minutes by default); true makes that prompt by setting
 * {@code metadata.max.age.ms} to the poll interval (at least 1 s), unless the config sets it.
 *
 * <p>Thread safety: as {@link KafkaSource}: batches are built and emitted on the poll thread
 * {@code streamz4j-<name>-kafka}, the converter called there; start and stop from any thread.
 * Retains nothing per batch but its entry in the offset tracker until it is finished.
 *
 * @param <K> record keys
 * @param <V> record values
 * @param <T> what a batch becomes
 */
public final class FromKafkaBatched<K, V, T> extends KafkaSource<K, V, T> {
    static final String KIND = "from_kafka_batched";
    /** streamz's defaults: {@code max_batch_size=10000}, {@code poll_interval='1s'}. */
    private static final int DEFAULT_MAX_BATCH_SIZE = 10_000;
    private static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
    private static final long MIN_METADATA_AGE_MILLIS = 1_000;

    private final int maxBatchSize;
    private final Function<? super List<ConsumerRecord<K, V>>, ? extends T> converter;

    /** Lists of at most 10000 values of {@code topic}, polling every second (streamz's defaults). */
    public FromKafkaBatched(String topic, Map<String, ?> config) {
        this(topic, config, DEFAULT_MAX_BATCH_SIZE, DEFAULT_POLL_INTERVAL, false, false);
    }

    /**
     * Lists of at most {@code maxBatchSize} values of {@code topic} (of records when {@code keys}),
     * polling for up to {@code pollInterval}; {@code refreshPartitions} as in the class comment.
     */
    @SuppressWarnings("unchecked")
    public FromKafkaBatched(String topic, Map<String, ?> config, int maxBatchSize, Duration pollInterval,
            boolean refreshPartitions, boolean keys) {
        this(topic, config, maxBatchSize, KafkaSourceOptions.defaults().pollInterval(positive(pollInterval)),
                refreshPartitions,
                keys ? batch -> (T) batch : batch -> (T) values(batch));
    }

    /**
     * Batches of at most {@code maxBatchSize} records of {@code topic}, each turned into an element by
     * {@code converter} on the poll thread (a converter that throws is reported and its batch is
     * never committed past), polling and committing as {@code options} say.
     */
    public FromKafkaBatched(String topic, Map<String, ?> config, int maxBatchSize, KafkaSourceOptions options,
            boolean refreshPartitions, Function<? super List<ConsumerRecord<K, V>>, ? extends T> converter) {
        super(KIND, List.of(checkedTopic(topic)), promptRefresh(config, refreshPartitions, options),
                options.pollInterval(), options.commitInterval());
        if (maxBatchSize <= 0) {
            throw new IllegalArgumentException(KIND + ": parameter 'maxBatchSize' must be positive, got " + maxBatchSize);
        }
        if (converter == null) {
            throw new IllegalArgumentException(KIND + ": parameter 'converter' must not be null");
        }
        this.maxBatchSize = maxBatchSize;
        this.converter = converter;
    }

    private static Duration positive(Duration pollInterval) {
        return KafkaSourceOptions.positive(KIND, "pollInterval", pollInterval);
    }

    private static String checkedTopic(String topic) {
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException(KIND + ": parameter 'topic' must name a topic, got " + topic);
        }
        return topic;
    }

    /** {@code config} with a short metadata age when {@code refreshPartitions} and the config sets none. */
    private static Map<String, ?> promptRefresh(Map<String, ?> config, boolean refreshPartitions,
            KafkaSourceOptions options) {
        if (options == null) {
            throw new IllegalArgumentException(KIND + ": parameter 'options' must not be null");
        }
        if (!refreshPartitions || config == null || config.containsKey(ConsumerConfig.METADATA_MAX_AGE_CONFIG)) {
            return config;
        }
        Map<String, Object> prompt = new java.util.HashMap<>(config);
        prompt.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG,
                Math.max(MIN_METADATA_AGE_MILLIS, options.pollInterval().toMillis()));
        return prompt;
    }

    private static <K, V> List<V> values(List<ConsumerRecord<K, V>> batch) {
        List<V> values = new ArrayList<>(batch.size());
        for (ConsumerRecord<K, V> record : batch) {
            values.add(record.value());
        }
        return values;
    }

    /** The largest number of records in one batch. */
    public int maxBatchSize() {
        return maxBatchSize;
    }

    @Override
    void emitPolled(ConsumerRecords<K, V> records, PollLoop loop) {
        for (TopicPartition tp : records.partitions()) {
            PartitionOffsets offsets = loop.tracker().partition(tp);
            List<ConsumerRecord<K, V>> polled = records.records(tp);
            for (int from = 0; from < polled.size(); from += maxBatchSize) {
                if (isStopped()) {
                    return; // not emitted, not tracked: the next owner of the partition gets it again
                }
                List<ConsumerRecord<K, V>> batch = polled.subList(from, Math.min(polled.size(), from + maxBatchSize));
                long sequence = offsets.emitted(batch.get(0).offset(), batch.get(batch.size() - 1).offset());
                emitBatch(batch, unitDone(offsets, sequence), loop);
            }
        }
    }

    private void emitBatch(List<ConsumerRecord<K, V>> batch, Runnable done, PollLoop loop) {
        T element;
        try {
            element = converter.apply(List.copyOf(batch));
        } catch (RuntimeException e) {
            reportFailure(batch, e); // never finished: the batch is not committed past and comes again after a restart
            return;
        }
        RefCounter ref = element instanceof Frame frame
                ? RefCounter.keepingAlive(frame, 1, () -> {
                    frame.release();
                    done.run();
                })
                : new RefCounter(1, done);
        emitTracked(element, ref, loop);
    }
}
