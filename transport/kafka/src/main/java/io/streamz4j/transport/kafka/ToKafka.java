package io.streamz4j.transport.kafka;

import io.streamz4j.Metadata;
import io.streamz4j.Sink;
import io.streamz4j.Stream;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * streamz's {@code to_kafka}: writes every element to a Kafka topic through a {@link KafkaProducer}
 * made from the given config. An element that is a {@link ProducerRecord} is sent as it is;
 * anything else becomes the record's value, with the key made by {@link ToKafkaOptions#key} (no key
 * without one). Keys and values are written by {@link BytesOrStringSerializer} unless the config
 * names serializers.
 *
 * <p>Back pressure: at most {@link ToKafkaOptions#maxInFlight} sends await the broker's
 * acknowledgement at once; an emit beyond that waits on the emitting thread until the broker
 * acknowledges (or refuses) an earlier one, so a slow broker slows whoever feeds the sink instead
 * of filling memory (streamz retries on the producer's {@code BufferError} from its loop instead).
 *
 * <p>At-least-once: the element's metadata references are retained until the broker acknowledges
 * its record, so a source's commit or checkpoint never passes an element whose output is not yet
 * written; with a Kafka source upstream, Kafka to pipeline to Kafka is at-least-once end to end. A
 * record the producer or the broker refuses goes to the pipeline's error handler with the element
 * and a {@link ToKafkaException} naming the topic, and its references stay retained: it is never
 * acknowledged upstream, so a restart delivers it again. A refusal the producer raises inside
 * {@code send} (a value its serializer cannot write, a key function that throws) is reported and
 * thrown to the emitter, the node's usual contract. Unlike streamz, the sink passes nothing
 * downstream: the acknowledgements show in {@link #metrics()}.
 *
 * <p>{@link #flush()} returns once every record sent before it is acknowledged or refused (a
 * journaled source calls it at each checkpoint through {@link ToKafkaCheckpointFlush});
 * {@link #stop()} flushes; destroying the sink (or closing its pipeline) closes the producer,
 * waiting at most {@link ToKafkaOptions#closeTimeout} for what is still in flight.
 *
 * <p>Thread safety: {@code update} runs on the thread that emits into the pipeline, one at a time.
 * The producer's I/O thread ({@code kafka-producer-network-thread | <client.id>}) runs the
 * acknowledgements: it releases the element's references (so a source's commit callback may run
 * there) and reports refused records to the error handler, which must therefore be thread safe.
 * {@link #flush()}, {@link #inFlight()} and {@link #metrics()} may be called from any thread. The
 * sink retains each element, its metadata and its record until the broker answers.
 *
 * @param <T> the element type
 */
public final class ToKafka<T> extends Sink<T> {
    private static final String NODE = "to_kafka";

    private final String topic;
    private final Producer<Object, Object> producer;
    private final Function<Object, ?> key;
    private final int maxInFlight;
    private final Semaphore permits;
    private final ToKafkaOptions options;
    private final ToKafkaMetrics metrics = new ToKafkaMetrics();
    /** The newest refusal, for the checkpoint listener's message; written by the I/O thread. */
    private volatile Throwable lastFailure;

    /** Writes every element of {@code upstream} to {@code topic}, with the producer {@code config} and the default options. */
    public ToKafka(Stream<? extends T> upstream, String topic, Map<String, ?> config) {
        this(upstream, topic, config, ToKafkaOptions.defaults());
    }

    /** As {@link #ToKafka(Stream, String, Map)}, with {@code options}. */
    public ToKafka(Stream<? extends T> upstream, String topic, Map<String, ?> config, ToKafkaOptions options) {
        this(checked(upstream, topic, config, options), topic, options, producer(config));
    }

    private ToKafka(Stream<? extends T> upstream, String topic, ToKafkaOptions options,
            Producer<Object, Object> producer) {
        super(null, upstream);
        this.topic = topic;
        this.producer = producer;
        this.options = options;
        this.key = options.key();
        this.maxInFlight = options.maxInFlight();
        this.permits = new Semaphore(maxInFlight);
    }

    private static <U> Stream<U> checked(Stream<U> upstream, String topic, Map<String, ?> config,
            ToKafkaOptions options) {
        if (upstream == null) {
            throw new IllegalArgumentException(NODE + ": parameter 'upstream' must not be null");
        }
        if (topic == null || topic.isBlank()) {
            throw new IllegalArgumentException(NODE + ": parameter 'topic' must be a topic name, got "
                    + (topic == null ? "null" : "'" + topic + "'"));
        }
        if (config == null) {
            throw new IllegalArgumentException(NODE + ": parameter 'config' must not be null");
        }
        Object servers = config.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
        if (servers == null || servers.toString().isBlank()) {
            throw new IllegalArgumentException(NODE + ": parameter 'config' must name the brokers under '"
                    + ProducerConfig.BOOTSTRAP_SERVERS_CONFIG + "'");
        }
        if (options == null) {
            throw new IllegalArgumentException(NODE + ": parameter 'options' must not be null");
        }
        return upstream;
    }

    private static Producer<Object, Object> producer(Map<String, ?> config) {
        Map<String, Object> settings = new HashMap<>(config);
        settings.putIfAbsent(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, BytesOrStringSerializer.class.getName());
        settings.putIfAbsent(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, BytesOrStringSerializer.class.getName());
        try {
            return new KafkaProducer<>(settings);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(NODE + ": parameter 'config' does not make a producer: " + e.getMessage(),
                    e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        ProducerRecord<Object, Object> record = x instanceof ProducerRecord<?, ?> given
                ? (ProducerRecord<Object, Object>) given
                : new ProducerRecord<>(topic, key == null ? null : applyUserFunction(key, x), x);
        awaitPermit(x);
        // retained before the send: the acknowledgement may run on the I/O thread before send returns
        Metadata.retain(metadata, 1);
        metrics.onSent();
        try {
            producer.send(record, new Acknowledgement(x, record.topic(), metadata));
        } catch (RuntimeException e) {
            // refused inside send, before the record was queued: no acknowledgement will come, and
            // the emitter hears of it, so the sink lets go of what it took for the send
            metrics.onFailed();
            permits.release();
            Metadata.release(metadata, 1);
            ToKafkaException failure = new ToKafkaException(record.topic(), e);
            lastFailure = failure;
            reportFailure(x, failure);
            throw failure;
        }
    }

    private void awaitPermit(Object x) {
        if (permits.tryAcquire()) {
            return;
        }
        metrics.onBackPressureWait();
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ToKafkaException failure = new ToKafkaException(topic, e);
            reportFailure(x, failure);
            throw failure;
        }
    }

    @Override
    protected void accept(T x) {
        update(x, null, Metadata.NONE);
    }

    /**
     * Waits until every record sent before this call is acknowledged or refused (each refusal has
     * reached the error handler by then). Any thread.
     */
    public void flush() {
        producer.flush();
    }

    /** Stops the sources upstream, then flushes what they sent here. */
    @Override
    public void stop() {
        super.stop();
        flush();
    }

    @Override
    protected void onDestroy() {
        // close waits (bounded) for what is in flight; what it gives up on is refused through the
        // acknowledgements, so it reaches the error handler and keeps its references
        producer.close(options.closeTimeout());
    }

    /** Sends awaiting the broker's answer now; at most {@code maxInFlight}. Any thread. */
    public int inFlight() {
        return maxInFlight - permits.availablePermits();
    }

    /** The most sends that may await the broker at once. */
    public int maxInFlight() {
        return maxInFlight;
    }

    /** The topic written to (records given as {@link ProducerRecord}s name their own). */
    public String topic() {
        return topic;
    }

    /** What this sink has sent, had acknowledged, had refused, and how often emits waited. Any thread. */
    public ToKafkaMetrics metrics() {
        return metrics;
    }

    /** The producer's own metrics (batching, request latency, the broker's throttle time). Any thread. */
    public Map<MetricName, ? extends Metric> producerMetrics() {
        return producer.metrics();
    }

    /** The newest refusal ({@link ToKafkaException}), or null if none. Any thread. */
    public Throwable lastFailure() {
        return lastFailure;
    }

    @Override
    protected String kind() {
        return NODE;
    }

    @Override
    protected String parameter() {
        return topic;
    }

    /** The broker's answer to one send, on the producer's I/O thread (or in {@code send}, for a refusal there). */
    private final class Acknowledgement implements Callback {
        private final Object element;
        private final String recordTopic;
        private final List<Map<String, Object>> metadata;

        Acknowledgement(Object element, String recordTopic, List<Map<String, Object>> metadata) {
            this.element = element;
            this.recordTopic = recordTopic;
            this.metadata = metadata;
        }

        @Override
        public void onCompletion(RecordMetadata written, Exception error) {
            try {
                if (error == null) {
                    metrics.onAcknowledged();
                    Metadata.release(metadata, 1);
                } else {
                    // the references stay retained: the element is never acknowledged upstream
                    metrics.onFailed();
                    ToKafkaException failure = new ToKafkaException(recordTopic, error);
                    lastFailure = failure;
                    reportFailure(element, failure);
                }
            } finally {
                // released last, so an emit let through by it never sees more than maxInFlight unanswered
                permits.release();
            }
        }
    }
}
