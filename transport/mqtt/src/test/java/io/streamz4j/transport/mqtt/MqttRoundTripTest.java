package io.streamz4j.transport.mqtt;

import io.streamz4j.Stream;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import static io.streamz4j.transport.mqtt.MqttTests.topic;
import static io.streamz4j.transport.mqtt.MqttTests.until;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** toMqtt into fromMqtt through a real broker. */
class MqttRoundTripTest {
    private static final String HOST = "127.0.0.1";

    /** Mirrors streamz's tests/test_sinks.py::test_mqtt_roundtrip (four b'0123' payloads), here with distinct ones to check order. */
    @Test
    void whatToMqttPublishesFromMqttEmitsInOrder() {
        int port = MqttTestBroker.get().port();
        String topic = topic("roundtrip");
        FromMqtt s0 = Mqtt.fromMqtt(HOST, port, topic);
        List<MqttRecord> l = Collections.synchronizedList(new ArrayList<>());
        s0.sink(l::add);
        s0.start();

        List<byte[]> data = IntStream.range(0, 200).mapToObj(i -> ("0123-" + i).getBytes(StandardCharsets.UTF_8))
                .toList();
        Stream<byte[]> s = Stream.fromIterable(data);
        ToMqtt<byte[]> sink = Mqtt.toMqtt(s, HOST, port, topic);
        s.start();
        assertTrue(sink.flush(MqttTests.TIMEOUT));
        assertEquals(200, sink.metrics().published());

        until(() -> l.size() == 200, l::size);
        for (int i = 0; i < 200; i++) {
            MqttRecord r = l.get(i);
            assertArrayEquals(data.get(i), r.payload());
            assertEquals(topic, r.topic());
            assertEquals(1, r.qos());
        }
        until(() -> s0.metrics().acked() == 200, s0::metrics);
        s0.stop();
        sink.destroy();
    }

    @Test
    void stringsRecordsAndAPayloadFunctionArePublished() {
        int port = MqttTestBroker.get().port();
        String topic = topic("payloads");
        FromMqtt source = Mqtt.fromMqtt(HOST, port, topic);
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        source.map(MqttRecord::payloadText).sink(got::add);
        source.start();

        Stream<Object> up = new Stream<>();
        ToMqtt<Object> plain = Mqtt.toMqtt(up, HOST, port, topic);
        up.emit("text");
        up.emit(new MqttRecord("elsewhere", "record".getBytes(StandardCharsets.UTF_8), 1, false, false));
        Stream<Integer> numbers = new Stream<>();
        ToMqtt<Integer> viaFunction = Mqtt.toMqtt(numbers, HOST, port, topic,
                MqttOptions.builder().qos(2).build(), n -> ("n=" + n).getBytes(StandardCharsets.UTF_8));
        numbers.emit(7);
        assertTrue(plain.flush(Duration.ofSeconds(30)) && viaFunction.flush(Duration.ofSeconds(30)));

        until(() -> got.size() == 3, () -> got);
        assertTrue(got.containsAll(List.of("text", "record", "n=7")), got::toString);
        source.stop();
        plain.destroy();
        viaFunction.destroy();
    }

    @Test
    void anElementWithoutAPayloadGoesToTheErrorHandlerAndTheCaller() {
        Stream<Object> up = new Stream<>();
        ToMqtt<Object> sink = Mqtt.toMqtt(up, HOST, MqttTestBroker.get().port(), topic("nopayload"));
        List<Object> failed = new ArrayList<>();
        sink.onError((node, element, error) -> failed.add(element));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> up.emit(42));
        assertTrue(e.getMessage().contains("to_mqtt") && e.getMessage().contains("java.lang.Integer"), e.getMessage());
        assertEquals(List.of(42), failed);
        assertEquals(1, sink.metrics().publishFailures());
        sink.destroy();
    }
}
