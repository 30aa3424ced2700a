package io.streamz4j.transport.mqtt;

import io.streamz4j.Await;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;


/** Helpers of the MQTT tests: polling with a deadline, a plain Paho publisher, unique names. Stateless. */
final class MqttTests {
    static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicInteger TOPICS = new AtomicInteger();

    private MqttTests() {
    }

    /** Polls until {@code condition} holds; fails after {@link #TIMEOUT} showing {@code state}. */
    static void until(BooleanSupplier condition, Supplier<?> state) {
        Await.until(condition, TIMEOUT, state); // Moquette redelivers a session's messages seconds after it resumes
    }

    /** A topic no other test uses. */
    static String topic(String what) {
        return "streamz4j/test/" + what + "/" + TOPICS.incrementAndGet() + "-" + UUID.randomUUID();
    }

    /** A connected plain Paho client (clean session) to publish test messages with. */
    static MqttClient publisher() throws MqttException {
        MqttClient c = new MqttClient("tcp://127.0.0.1:" + MqttTestBroker.get().port(),
                "test-pub-" + UUID.randomUUID(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setMaxInflight(1000);
        c.connect(o);
        return c;
    }

    /** Publishes each of {@code payloads} with QoS 1, waiting for the broker's acknowledgement of each. */
    static void publish(String topic, List<String> payloads) throws MqttException {
        MqttClient c = publisher();
        try {
            for (String p : payloads) {
                c.publish(topic, p.getBytes(StandardCharsets.UTF_8), 1, false);
            }
        } finally {
            c.disconnect();
            c.close();
        }
    }

    /** The names of the live threads that start with {@code prefix} or contain {@code part}. */
    static List<String> threads(String prefix, String part) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(prefix) || n.contains(part)).toList();
    }
}
