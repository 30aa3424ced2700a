package io.streamz4j.transport.mqtt;

import io.streamz4j.Metadata;
import io.streamz4j.RefCounter;
import io.streamz4j.Stream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.streamz4j.transport.mqtt.MqttTests.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * toMqtt holds an element's references until the broker acknowledges its publish, and keeps at
 * most maxInflight publishes unacknowledged: the emitting thread waits for the broker. The broker
 * here acknowledges when the test says so. No streamz test: streamz's to_mqtt does not wait.
 */
class ToMqttDeliveryTest {

    @Test
    void referencesAreHeldUntilTheBrokerAcknowledgesAndTheInFlightBoundHoldsTheEmitter() throws Exception {
        try (FakeBroker broker = new FakeBroker()) {
            Stream<String> up = new Stream<>();
            ToMqtt<String> sink = Mqtt.toMqtt(up, "127.0.0.1", broker.port(), "slow/topic",
                    MqttOptions.builder().maxInflight(2).automaticReconnect(false).build());
            AtomicInteger done = new AtomicInteger();
            List<RefCounter> refs = new ArrayList<>();
            for (String x : List.of("a", "b")) {
                RefCounter ref = new RefCounter(1, done::incrementAndGet);
                refs.add(ref);
                up.emit(x, Metadata.withRef(ref));
                ref.release(); // the emitter is done with it; only the sink holds it now
            }
            Integer first = broker.publishes().poll(30, TimeUnit.SECONDS);
            Integer second = broker.publishes().poll(30, TimeUnit.SECONDS);
            assertNotNull(first);
            assertNotNull(second);
            assertEquals(List.of(1, 1), refs.stream().map(RefCounter::count).toList(), "held until acknowledged");
            assertEquals(0, done.get());
            assertEquals(2, sink.inflight());

            RefCounter third = new RefCounter(1, done::incrementAndGet);
            Thread emitter = new Thread(() -> {
                up.emit("c", Metadata.withRef(third));
                third.release();
            }, "test-emitter");
            emitter.start();
            until(() -> emitter.getState() == Thread.State.WAITING, emitter::getState); // on the in-flight bound
            assertTrue(broker.publishes().isEmpty(), "the third is not published while two wait");

            broker.ack(first);
            until(() -> refs.get(0).count() == 0, refs::toString);
            emitter.join(30_000);
            Integer thirdId = broker.publishes().poll(30, TimeUnit.SECONDS);
            assertNotNull(thirdId, "published once a permit came back");
            assertEquals(1, refs.get(1).count(), "the second still waits for its acknowledgement");
            assertEquals(1, third.count());
            broker.ack(second);
            broker.ack(thirdId);
            assertTrue(sink.flush(MqttTests.TIMEOUT));
            until(() -> done.get() == 3, done::get);
            assertEquals(3, sink.metrics().published());
            sink.destroy();
        }
    }
}
