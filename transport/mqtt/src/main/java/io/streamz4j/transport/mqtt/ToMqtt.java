package io.streamz4j.transport.mqtt;

import io.streamz4j.Metadata;
import io.streamz4j.Sink;
import io.streamz4j.Stream;
import org.eclipse.paho.client.mqttv3.DisconnectedBufferOptions;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * streamz's {@code to_mqtt}: publishes each element to a topic on an MQTT broker, with QoS 1 by
 * default. Where streamz publishes and forgets ("TODO: wait on successful delivery"), an element's
 * metadata references stay retained until the broker acknowledges the publish, so a checkpoint or
 * an upstream acknowledgement (a {@code fromMqtt} feeding this sink) never passes an element not
 * yet delivered. At most {@link MqttOptions#maxInflight} publishes wait for their acknowledgement;
 * the next element waits on the emitting thread until one completes: back pressure, not growth.
 * A publish that fails goes to the error handler with its element, whose references stay retained
 * (it was not delivered).
 *
 * <p>Elements become payloads through a function; by default {@code byte[]} as is, {@code String}
 * as UTF-8 and {@link MqttRecord} as its payload (so a {@code fromMqtt} pipeline can republish).
 *
 * <p>Thread safety: {@link #update} runs on the thread that emits into the pipeline (one at a
 * time); it connects on the first element, as streamz does. Acknowledgements and failures arrive
 * on Paho's threads ({@code streamz4j-<name>-to-mqtt-paho-N}), which release the references and
 * the in-flight permits. {@link #flush} waits for every publish under way; {@link #destroy()}
 * flushes, disconnects and ends Paho's threads. Holds the in-flight elements' metadata until they
 * are acknowledged; the counters are readable from any thread ({@link #metrics()}).
 */
public final class ToMqtt<T> extends Sink<T> {
    private static final Logger LOG = LoggerFactory.getLogger(ToMqtt.class);
    static final String KIND = "to_mqtt";

    private final String uri;
    private final String topic;
    private final MqttOptions options;
    private final String clientId;
    private final Function<? super T, byte[]> payload;
    private final Semaphore inflight;
    private final MqttCounters counters = new MqttCounters();
    /** Connected on the first element; null before and after destroy. Written by the emitting thread and destroy. */
    private volatile PahoConnection connection;

    /** streamz's {@code to_mqtt(host, port, topic)}: QoS 1, keep-alive 60 s. */
    public ToMqtt(Stream<? extends T> upstream, String host, int port, String topic) {
        this(upstream, host, port, topic, MqttOptions.defaults());
    }

    /** streamz's {@code to_mqtt(host, port, topic, keepalive)}. */
    public ToMqtt(Stream<? extends T> upstream, String host, int port, String topic, int keepalive) {
        this(upstream, host, port, topic, MqttOptions.builder().keepAliveSeconds(keepalive).build());
    }

    public ToMqtt(Stream<? extends T> upstream, String host, int port, String topic, MqttOptions options) {
        this(upstream, host, port, topic, options, ToMqtt::defaultPayload);
    }

    /** Publishes {@code payload.apply(x)} for each element {@code x}. */
    public ToMqtt(Stream<? extends T> upstream, String host, int port, String topic, MqttOptions options,
            Function<? super T, byte[]> payload) {
        this(upstream, Endpoint.checked(KIND, host, port, topic, true), checked(options, payload), payload);
    }

    private ToMqtt(Stream<? extends T> upstream, Endpoint endpoint, MqttOptions options,
            Function<? super T, byte[]> payload) {
        super(null, upstream);
        this.uri = endpoint.uri();
        this.topic = endpoint.topic();
        this.options = options;
        this.payload = payload;
        this.inflight = new Semaphore(options.maxInflight());
        this.clientId = options.clientId() != null ? options.clientId() : "streamz4j-" + UUID.randomUUID();
    }

    private static MqttOptions checked(MqttOptions options, Function<?, byte[]> payload) {
        if (options == null) {
            throw MqttOptions.bad(KIND, "options", "must not be null");
        }
        if (payload == null) {
            throw MqttOptions.bad(KIND, "payload", "must not be null");
        }
        options.check(KIND, 2);
        return options;
    }

    private static byte[] defaultPayload(Object x) {
        if (x instanceof byte[] bytes) {
            return bytes;
        }
        if (x instanceof String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }
        if (x instanceof MqttRecord r) {
            return r.payload();
        }
        throw new IllegalArgumentException(KIND + ": cannot publish a "
                + (x == null ? "null" : x.getClass().getName())
                + " (byte[], String and MqttRecord are published as they are; give a payload function for others)");
    }

    @Override
    @SuppressWarnings("unchecked")
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        T element = (T) x;
        try {
            publish(element, metadata);
        } catch (RuntimeException | Error e) {
            counters.publishFailures.increment();
            reportFailure(x, e);
            throw e;
        }
    }

    @Override
    protected void accept(T x) {
        update(x, null, Metadata.NONE);
    }

    private void publish(T x, List<Map<String, Object>> metadata) {
        byte[] bytes = payload.apply(x);
        if (bytes == null) {
            throw new IllegalArgumentException(KIND + ": the payload function returned null for " + x);
        }
        PahoConnection c = connected();
        try {
            inflight.acquire(); // back pressure: the emitting thread waits for an acknowledgement
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(KIND + ": interrupted while waiting to publish", e);
        }
        MqttMessage message = new MqttMessage(bytes);
        message.setQos(options.qos());
        Metadata.retain(metadata, 1); // held until the broker has the message
        try {
            c.client().publish(topic, message, null, new Published(x, metadata));
        } catch (MqttException | RuntimeException e) {
            inflight.release(); // the references stay retained: this element was not delivered
            throw new IllegalStateException(KIND + ": publishing to '" + topic + "' at " + uri + " failed: " + e, e);
        }
    }

    /** The connection, made on the first element (on the emitting thread). */
    private PahoConnection connected() {
        PahoConnection c = connection;
        if (c == null) {
            c = PahoConnection.open(KIND, uri, clientId, options, "streamz4j-" + pipelineName() + "-to-mqtt-paho",
                    new Callback(), false);
            if (options.automaticReconnect()) {
                // publishes made while Paho reconnects wait in its buffer, which the in-flight bound keeps small
                DisconnectedBufferOptions buffer = new DisconnectedBufferOptions();
                buffer.setBufferEnabled(true);
                buffer.setBufferSize(options.maxInflight());
                buffer.setPersistBuffer(false);
                buffer.setDeleteOldestMessages(false);
                c.client().setBufferOpts(buffer);
            }
            connection = c;
            LOG.info("{}: publishing to '{}' at {} as '{}' (QoS {})", this, topic, uri, clientId, options.qos());
        }
        return c;
    }

    /** The outcome of one publish, on Paho's thread: releases the element's references and its permit. */
    private final class Published implements IMqttActionListener {
        private final T element;
        private final List<Map<String, Object>> metadata;

        Published(T element, List<Map<String, Object>> metadata) {
            this.element = element;
            this.metadata = metadata;
        }

        @Override
        public void onSuccess(IMqttToken token) {
            counters.published.increment();
            inflight.release();
            Metadata.release(metadata, 1);
        }

        @Override
        public void onFailure(IMqttToken token, Throwable error) {
            counters.publishFailures.increment();
            inflight.release();
            IllegalStateException e = new IllegalStateException(KIND + ": publishing to '" + topic + "' at " + uri
                    + " failed: " + error, error);
            reportFailure(element, e);
            Metadata.failed(metadata, ToMqtt.this, e); // its references stay retained: not delivered
        }
    }

    /** Paho's callbacks, on Paho's callback thread. */
    private final class Callback implements MqttCallbackExtended {
        @Override
        public void connectionLost(Throwable cause) {
            counters.connectionLosses.increment();
            LOG.warn("{}: connection to {} lost ({}){}", ToMqtt.this, uri, cause.toString(),
                    options.automaticReconnect() ? "; reconnecting, publishes wait meanwhile" : "");
            reportFailure(null, new IllegalStateException(KIND + ": connection to " + uri + " lost", cause));
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            if (reconnect) {
                LOG.info("{}: reconnected to {}", ToMqtt.this, serverUri);
            }
        }

        @Override
        public void messageArrived(String from, MqttMessage message) {
            // this sink subscribes to nothing
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // counted by each publish's listener, which also knows the element
        }
    }

    /**
     * Waits up to {@code timeout} until every publish under way is acknowledged or failed; returns
     * whether they all were. Call it from the emitting thread (or once emitting has ended).
     */
    public boolean flush(Duration timeout) {
        int all = options.maxInflight();
        try {
            if (!inflight.tryAcquire(all, timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        inflight.release(all);
        return true;
    }

    /** How many publishes wait for the broker's acknowledgement now. */
    public int inflight() {
        return options.maxInflight() - inflight.availablePermits();
    }

    /** This sink's counters. */
    public MqttCounters metrics() {
        return counters;
    }

    /** The client id this sink connects as. */
    public String clientId() {
        return clientId;
    }

    /** Whether this sink is connected to the broker now (it connects on its first element). */
    public boolean isConnected() {
        PahoConnection c = connection;
        return c != null && c.client().isConnected();
    }

    /** Flushes (up to the connection timeout), then disconnects and ends Paho's threads. */
    @Override
    protected void onDestroy() {
        PahoConnection c = connection;
        connection = null;
        if (c == null) {
            return;
        }
        if (!flush(Duration.ofSeconds(options.connectionTimeoutSeconds()))) {
            LOG.warn("{}: {} publishes still unacknowledged at destroy; their references stay retained",
                    this, inflight());
        }
        c.close();
    }

    @Override
    protected String kind() {
        return KIND;
    }
}
