package io.streamz4j.transport.mqtt;

import io.streamz4j.Metadata;
import io.streamz4j.RefCounter;
import io.streamz4j.sources.QueueFedSource;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * streamz's {@code from_mqtt}: subscribes to a topic on an MQTT broker and emits each message as an
 * {@link MqttRecord}, acknowledging it to the broker only once every node is done with it. Each
 * element of QoS 1 carries a {@link RefCounter} in its metadata; a node that keeps the element (a
 * buffer, a window) retains it, and the PUBACK is sent (Paho's manual acknowledgement) when the
 * count reaches zero. An element a node failed on keeps its references and is never acknowledged:
 * the broker redelivers it when the session reconnects (at-least-once). So the default session is
 * persistent ({@code cleanSession} false) under a stable client id: after a crash, a consumer
 * with the same id gets every message it had not acknowledged, and what was published meanwhile.
 *
 * <p>Paho's callback thread puts each message into a bounded queue ({@link MqttOptions#queueCapacity})
 * that one consumer thread ({@link QueueFedSource}) emits from; when the pipeline is slower than
 * the broker the queue fills, Paho's callback thread waits, Paho stops reading the socket and the
 * broker holds the rest: memory stays bounded. A lost connection is logged, counted and reported to
 * the pipeline's error handler; Paho reconnects by itself (unless disabled). An acknowledgement
 * belongs to the connection that received the message: one whose connection was lost since is not
 * sent (its packet id may name another message on the new connection); the broker redelivers it.
 *
 * <p>Thread safety: {@link #start()} and {@link #stop()} from any thread. Each start connects a new
 * Paho client (its threads {@code streamz4j-<name>-mqtt-paho-N}, renamed by Paho while it uses
 * them) and starts the consumer thread {@code streamz4j-<name>-mqtt}, which runs this source and
 * every node below. A stop refuses what arrives from then on (unacknowledged, so redelivered),
 * emits what the queue accepted, then disconnects (acknowledgements under way are sent first) and
 * ends every thread. An acknowledgement runs on whichever thread releases the element last. Holds
 * the queue and the connection; the counters are readable from any thread ({@link #metrics()}).
 */
public final class FromMqtt extends QueueFedSource<FromMqtt.Delivery, MqttRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(FromMqtt.class);
    static final String KIND = "from_mqtt";
    /** How long Paho's callback thread waits for queue space before it looks again whether the source stops. */
    private static final long OFFER_MILLIS = 50;
    /** How many times a start connects when the broker drops the connection before the subscription is answered. */
    private static final int START_ATTEMPTS = 3;

    private final String uri;
    private final String topic;
    private final MqttOptions options;
    private final String clientId;
    private final ArrayBlockingQueue<Delivery> queue;
    private final MqttCounters counters = new MqttCounters();
    /** The connection of the current start; null while stopped. */
    private volatile PahoConnection connection;
    /** True from a stop until the next start: arriving messages are refused (left unacknowledged). */
    private volatile boolean closed = true;
    /** Counts lost connections, so an acknowledgement is sent only on the connection that received the message. */
    private volatile int epoch;

    /** streamz's {@code from_mqtt(host, port, topic)}: QoS 1, keep-alive 60 s, the other defaults of {@link MqttOptions}. */
    public FromMqtt(String host, int port, String topic) {
        this(host, port, topic, MqttOptions.defaults());
    }

    /** streamz's {@code from_mqtt(host, port, topic, keepalive)}. */
    public FromMqtt(String host, int port, String topic, int keepalive) {
        this(host, port, topic, MqttOptions.builder().keepAliveSeconds(keepalive).build());
    }

    public FromMqtt(String host, int port, String topic, MqttOptions options) {
        this(Endpoint.checked(KIND, host, port, topic, false), checked(options), newQueue(options));
    }

    private FromMqtt(Endpoint endpoint, MqttOptions options, ArrayBlockingQueue<Delivery> queue) {
        super(null, queue, "mqtt");
        this.uri = endpoint.uri();
        this.topic = endpoint.topic();
        this.options = options;
        this.queue = queue;
        this.clientId = options.clientId() != null ? options.clientId() : "streamz4j-" + UUID.randomUUID();
    }

    private static MqttOptions checked(MqttOptions options) {
        if (options == null) {
            throw MqttOptions.bad(KIND, "options", "must not be null");
        }
        options.check(KIND, 1);
        return options;
    }

    private static ArrayBlockingQueue<Delivery> newQueue(MqttOptions options) {
        return new ArrayBlockingQueue<>(options.queueCapacity());
    }

    /** One received message with what its acknowledgement needs; acknowledges it once, when run. */
    static final class Delivery implements Runnable {
        final MqttRecord record;
        private final int id;
        private final int epoch;
        private final FromMqtt source;
        private final AtomicBoolean done = new AtomicBoolean();

        Delivery(MqttRecord record, int id, int epoch, FromMqtt source) {
            this.record = record;
            this.id = id;
            this.epoch = epoch;
            this.source = source;
        }

        /** The element's reference count reached zero: every node is done with it. */
        @Override
        public void run() {
            if (done.compareAndSet(false, true)) {
                source.ack(this);
            }
        }
    }

    @Override
    protected void deliver(Delivery item) {
        if (item.record.qos() == 0) {
            emit(item.record); // nothing to acknowledge
            return;
        }
        RefCounter ref = new RefCounter(1, item);
        emit(item.record, Metadata.withRef(ref));
        ref.release(); // not reached when a node failed: the element stays unacknowledged
    }

    private void ack(Delivery d) {
        PahoConnection c = connection;
        if (c == null || d.epoch != epoch) {
            counters.ackFailures.increment();
            LOG.debug("{}: message {} not acknowledged, its connection is gone; the broker redelivers it", this, d.id);
            return;
        }
        try {
            c.client().messageArrivedComplete(d.id, d.record.qos());
            counters.acked.increment();
        } catch (MqttException | RuntimeException e) {
            counters.ackFailures.increment();
            LOG.debug("{}: acknowledging message {} failed, the broker redelivers it: {}", this, d.id, e.toString());
        }
    }

    /**
     * Connects and subscribes. A connection the broker drops before the subscription is answered
     * is tried again, up to {@value #START_ATTEMPTS} times in all, as Paho's reconnect would once
     * started; any other failure fails the start at once.
     */
    @Override
    protected void startIntake() {
        for (int attempt = 1; ; attempt++) {
            try {
                connectAndSubscribe();
                return;
            } catch (IllegalStateException e) {
                if (attempt == START_ATTEMPTS || !(e.getCause() instanceof MqttException m)
                        || m.getReasonCode() != MqttException.REASON_CODE_CONNECTION_LOST) {
                    throw e;
                }
                LOG.warn("{}: the broker at {} dropped the connection while subscribing; connecting again ({} of {})",
                        this, uri, attempt + 1, START_ATTEMPTS);
            }
        }
    }

    private void connectAndSubscribe() {
        closed = false;
        PahoConnection c = PahoConnection.open(KIND, uri, clientId, options,
                "streamz4j-" + pipelineName() + "-mqtt-paho", new Callback(), true);
        connection = c;
        try {
            subscribe(c);
        } catch (RuntimeException e) {
            closed = true;
            connection = null;
            c.close();
            throw e;
        }
        LOG.info("{}: subscribed to '{}' at {} as '{}' (QoS {}, {} session)", this, topic, uri, clientId,
                options.qos(), options.cleanSession() ? "clean" : "persistent");
    }

    /**
     * Subscribes. A new session has nothing queued for this client, so the subscription is waited
     * for and a refusal fails the start. A resumed session already holds the subscription, and
     * the broker may be sending more than the queue holds: waiting there would wait on Paho's
     * callback thread, itself waiting for queue space that only the consumer (started after this)
     * makes, so the subscription is renewed without waiting and a refusal goes to the error handler.
     */
    private void subscribe(PahoConnection c) {
        try {
            if (!options.cleanSession() && c.sessionPresent()) {
                c.client().subscribe(topic, options.qos(), null, new IMqttActionListener() {
                    @Override
                    public void onSuccess(IMqttToken token) {
                        checkGranted(token);
                    }

                    @Override
                    public void onFailure(IMqttToken token, Throwable error) {
                        reportFailure(null, new IllegalStateException(KIND + ": subscribing to '" + topic
                                + "' failed: " + error, error));
                    }
                });
                return;
            }
            IMqttToken token = c.client().subscribe(topic, options.qos());
            token.waitForCompletion(c.timeoutMillis());
            checkGranted(token);
        } catch (MqttException e) {
            throw new IllegalStateException(KIND + ": subscribing to '" + topic + "' at " + uri + " failed: " + e, e);
        }
    }

    private void checkGranted(IMqttToken token) {
        int[] granted = token.getGrantedQos();
        if (granted != null && granted.length > 0 && granted[0] == 0x80) {
            IllegalStateException e = new IllegalStateException(KIND + ": the broker refused the subscription to '"
                    + topic + "'");
            reportFailure(null, e);
            throw e;
        }
    }

    @Override
    protected void stopIntake() {
        closed = true; // Paho's callback thread refuses from now on and stops waiting for queue space
    }

    @Override
    protected boolean drainsOnStop() {
        return true;
    }

    @Override
    protected void drained() {
        PahoConnection c = connection;
        connection = null;
        if (c != null) {
            c.close();
        }
    }

    /** Paho's callbacks, on Paho's callback thread. */
    private final class Callback implements MqttCallbackExtended {
        @Override
        public void messageArrived(String from, MqttMessage message) throws InterruptedException {
            if (closed) {
                counters.refused.increment();
                return;
            }
            MqttRecord record = new MqttRecord(from, message.getPayload(), message.getQos(), message.isRetained(),
                    message.isDuplicate());
            Delivery d = new Delivery(record, message.getId(), epoch, FromMqtt.this);
            while (!queue.offer(d, OFFER_MILLIS, TimeUnit.MILLISECONDS)) {
                if (closed) { // stopping: not queued, not acknowledged, redelivered to the next session
                    counters.refused.increment();
                    return;
                }
            }
            counters.received.increment();
            if (message.isDuplicate()) {
                counters.duplicates.increment();
            }
        }

        @Override
        public void connectionLost(Throwable cause) {
            epoch++; // single writer: Paho's callback thread
            counters.connectionLosses.increment();
            LOG.warn("{}: connection to {} lost ({}){}", FromMqtt.this, uri, cause.toString(),
                    options.automaticReconnect() ? "; reconnecting" : "");
            reportFailure(null, new IllegalStateException(KIND + ": connection to " + uri + " lost", cause));
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            if (!reconnect) {
                return;
            }
            LOG.info("{}: reconnected to {}", FromMqtt.this, serverUri);
            PahoConnection c = connection;
            if (c != null && options.cleanSession()) {
                try { // a clean session lost its subscription with the connection; not waited for on this thread
                    c.client().subscribe(topic, options.qos());
                } catch (MqttException e) {
                    reportFailure(null, new IllegalStateException(KIND + ": resubscribing to '" + topic
                            + "' failed: " + e, e));
                }
            }
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // this source publishes nothing
        }
    }

    /** This source's counters. */
    public MqttCounters metrics() {
        return counters;
    }

    /** The client id this source connects as (generated when none was given, then the same for every start). */
    public String clientId() {
        return clientId;
    }

    /** How many received messages wait in the queue now (at most {@link MqttOptions#queueCapacity}). */
    public int queued() {
        return queue.size();
    }

    /** Whether this source is connected to the broker now. */
    public boolean isConnected() {
        PahoConnection c = connection;
        return c != null && c.client().isConnected();
    }

    @Override
    protected String kind() {
        return KIND;
    }
}
