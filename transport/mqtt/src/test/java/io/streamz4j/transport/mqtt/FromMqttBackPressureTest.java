package io.streamz4j.transport.mqtt;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;

import static io.streamz4j.transport.mqtt.MqttTests.topic;
import static io.streamz4j.transport.mqtt.MqttTests.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A slow pipeline fills fromMqtt's bounded queue; Paho's thread then waits and the broker keeps the
 * rest, so the source holds at most its queue's capacity plus the element being emitted, and
 * loses nothing once the pipeline catches up. Bounded: 300 messages.
 */
class FromMqttBackPressureTest {

    @Test
    void aSlowSinkFillsTheQueueAndNoMoreIsTaken() throws Exception {
        int capacity = 4;
        int count = 300;
        String topic = topic("backpressure");
        FromMqtt source = Mqtt.fromMqtt("127.0.0.1", MqttTestBroker.get().port(), topic,
                MqttOptions.builder().queueCapacity(capacity).build());
        CountDownLatch gate = new CountDownLatch(1);
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        int[] mostQueued = new int[1];
        source.map(MqttRecord::payloadText).sink(s -> {
            try {
                gate.await(); // the slow sink: held until the test lets it go
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            mostQueued[0] = Math.max(mostQueued[0], source.queued());
            got.add(s);
        });
        source.start();
        List<String> payloads = IntStream.range(0, count).mapToObj(Integer::toString).toList();
        MqttTests.publish(topic, payloads); // the broker accepts them all; the consumer does not

        until(() -> source.queued() == capacity, source::queued);
        assertEquals(capacity + 1, source.metrics().received(), "the queue and the element in the sink, no more");
        assertTrue(got.isEmpty());

        gate.countDown();
        until(() -> got.size() == count, got::size);
        assertEquals(payloads, got, "nothing lost, in order");
        assertTrue(mostQueued[0] <= capacity, "queue never above capacity: " + mostQueued[0]);
        until(() -> source.metrics().acked() == count, source::metrics);
        source.stop();
    }
}
