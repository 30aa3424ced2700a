package io.streamz4j.transport.mqtt;

import io.streamz4j.Metadata;
import io.streamz4j.RefCounter;
import io.streamz4j.Stream;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.streamz4j.transport.mqtt.MqttTests.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * toMqtt holds an element's references until the broker acknowledges its publish, and keeps at
 * most maxInflight publishes unacknowledged: the emitting thread waits for the broker. The broker
 * is the real test broker; a proxy between it and the sink holds its acknowledgements back (a
 * congested link) while a second client sees the publishes arrive. No streamz test: streamz's
 * to_mqtt does not wait.
 */
class ToMqttDeliveryTest {

    @Test
    void referencesAreHeldUntilTheBrokerAcknowledgesAndTheInFlightBoundHoldsTheEmitter() throws Exception {
        String topic = MqttTests.topic("slow-acks");
        List<String> atBroker = new CopyOnWriteArrayList<>();
        MqttClient watcher = MqttTests.publisher();
        watcher.subscribe(topic, 1, (t, m) -> atBroker.add(new String(m.getPayload(), StandardCharsets.UTF_8)));
        try (HoldingProxy proxy = new HoldingProxy(MqttTestBroker.get().port())) {
            Stream<String> up = new Stream<>();
            ToMqtt<String> sink = Mqtt.toMqtt(up, "127.0.0.1", proxy.port(), topic,
                    MqttOptions.builder().maxInflight(2).automaticReconnect(false).build());
            AtomicInteger done = new AtomicInteger();
            RefCounter warm = emit(up, "warm", done);
            until(() -> warm.count() == 0, warm::toString); // connected, and acknowledged through the proxy

            proxy.holdReplies();
            List<RefCounter> refs = new ArrayList<>();
            refs.add(emit(up, "a", done));
            refs.add(emit(up, "b", done));
            until(() -> atBroker.containsAll(List.of("a", "b")), atBroker::toString);
            assertEquals(List.of(1, 1), refs.stream().map(RefCounter::count).toList(), "held until acknowledged");
            assertEquals(1, done.get(), "only the warm-up element is done");
            assertEquals(2, sink.inflight());

            List<RefCounter> third = new CopyOnWriteArrayList<>();
            Thread emitter = new Thread(() -> third.add(emit(up, "c", done)), "test-emitter");
            emitter.start();
            until(() -> emitter.getState() == Thread.State.WAITING, emitter::getState); // on the in-flight bound
            assertFalse(atBroker.contains("c"), "the third is not published while two wait");

            proxy.releaseReplies();
            until(() -> refs.get(0).count() == 0 && refs.get(1).count() == 0, refs::toString);
            emitter.join(MqttTests.TIMEOUT.toMillis());
            until(() -> atBroker.contains("c"), atBroker::toString);
            assertTrue(sink.flush(MqttTests.TIMEOUT));
            until(() -> done.get() == 4, done::get);
            assertEquals(0, third.get(0).count());
            assertEquals(4, sink.metrics().published());
            sink.destroy();
        } finally {
            watcher.disconnect();
            watcher.close();
        }
    }

    /** Emits {@code x} with a counter of its own, and gives the emitter's reference back: only the sink holds it then. */
    private static RefCounter emit(Stream<String> up, String x, AtomicInteger done) {
        RefCounter ref = new RefCounter(1, done::incrementAndGet);
        up.emit(x, Metadata.withRef(ref));
        ref.release();
        return ref;
    }
}
