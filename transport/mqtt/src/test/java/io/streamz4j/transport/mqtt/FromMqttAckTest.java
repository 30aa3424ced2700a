package io.streamz4j.transport.mqtt;

import io.streamz4j.RefCounter;
import io.streamz4j.Stream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static io.streamz4j.transport.mqtt.MqttTests.publish;
import static io.streamz4j.transport.mqtt.MqttTests.topic;
import static io.streamz4j.transport.mqtt.MqttTests.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * fromMqtt acknowledges a message only once every node is done with it: a held element is not
 * acknowledged (a reconnecting persistent session gets it again), a released one is (a reconnecting
 * session does not), and an element a node failed on never is. No streamz test: streamz's
 * from_mqtt lets Paho acknowledge on receipt.
 */
class FromMqttAckTest {
    private static final String HOST = "127.0.0.1";

    private static MqttOptions persistent(String clientId) {
        return MqttOptions.builder().clientId(clientId).build();
    }

    /** Starts a source for {@code clientId} whose payloads (as text) are collected into the returned list. */
    private static List<String> collecting(FromMqtt source) {
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        source.map(MqttRecord::payloadText).sink(got::add);
        source.start();
        return got;
    }

    @Test
    void aHeldElementIsNotAcknowledgedAndTheReconnectingSessionGetsItAgain() throws Exception {
        int port = MqttTestBroker.get().port();
        String topic = topic("held");
        String clientId = "held-" + UUID.randomUUID();
        FromMqtt first = new FromMqtt(HOST, port, topic, persistent(clientId));
        HoldingSink<MqttRecord> holding = new HoldingSink<>(first);
        first.start();
        publish(topic, List.of("a", "b", "c"));
        until(() -> holding.refs().size() == 3 && holding.refs().stream().allMatch(r -> r.count() == 1),
                holding::refs); // every emit has returned: only the holding sink's reference is left
        assertEquals(0, first.metrics().acked(), "nothing acknowledged while a node holds the elements");
        assertEquals(3, first.metrics().received());
        first.stop();
        assertFalse(first.isConnected());
        until(() -> !MqttTestBroker.get().connectedClients().contains(clientId),
                MqttTestBroker.get()::connectedClients);

        FromMqtt second = new FromMqtt(HOST, port, topic, persistent(clientId));
        List<String> again = collecting(second);
        until(() -> again.size() >= 3, () -> again); // Moquette resends a session's unacknowledged messages after ~5 s
        assertEquals(List.of("a", "b", "c"), again.subList(0, 3), "the unacknowledged messages, redelivered");
        until(() -> second.metrics().acked() == 3, second::metrics);

        holding.releaseAll(); // the first source's connection is gone: its acknowledgements cannot be sent
        assertEquals(0, first.metrics().acked());
        assertEquals(3, first.metrics().ackFailures());
        second.stop();
    }

    @Test
    void aReleasedElementIsAcknowledgedWhenTheLastNodeLetsItGo() throws Exception {
        int port = MqttTestBroker.get().port();
        String topic = topic("released");
        String clientId = "released-" + UUID.randomUUID();
        FromMqtt source = new FromMqtt(HOST, port, topic, persistent(clientId));
        HoldingSink<MqttRecord> holding = new HoldingSink<>(source);
        source.start();
        publish(topic, List.of("x", "y"));
        until(() -> holding.refs().size() == 2 && holding.refs().stream().allMatch(r -> r.count() == 1),
                holding::refs);
        List<RefCounter> refs = holding.refs();
        assertEquals(0, source.metrics().acked());
        holding.releaseAll();
        assertTrue(refs.stream().allMatch(r -> r.count() == 0));
        assertEquals(2, source.metrics().acked(), "acknowledged on the releasing thread, at once");
        publish(topic, List.of("z")); // held and never released: it must come back, x and y must not
        until(() -> holding.refs().size() == 1 && holding.refs().get(0).count() == 1, holding::refs);
        source.stop();

        FromMqtt again = new FromMqtt(HOST, port, topic, persistent(clientId));
        List<String> got = collecting(again);
        // the broker resends every unacknowledged message of the session together: had x or y not
        // been acknowledged, it would come back with z
        until(() -> got.contains("z"), () -> got);
        assertEquals(List.of("z"), got, "acknowledged messages are not redelivered");
        again.stop();
    }

    @Test
    void anElementANodeFailedOnGoesToTheErrorHandlerAndIsRedeliveredNotAcknowledged() throws Exception {
        int port = MqttTestBroker.get().port();
        String topic = topic("failed");
        String clientId = "failed-" + UUID.randomUUID();
        FromMqtt source = new FromMqtt(HOST, port, topic, persistent(clientId));
        List<Object> failedOn = Collections.synchronizedList(new ArrayList<>());
        List<String> done = Collections.synchronizedList(new ArrayList<>());
        Stream<String> text = source.map(MqttRecord::payloadText);
        text.map(s -> {
            if (s.equals("bad")) {
                throw new IllegalStateException("cannot handle " + s);
            }
            return s;
        }).sink(done::add);
        source.onPipelineError((node, element, error) -> failedOn.add(element));
        source.start();
        publish(topic, List.of("ok1", "bad", "ok2"));
        until(() -> done.size() == 2 && source.metrics().acked() == 2, source::metrics);
        assertEquals(List.of("ok1", "ok2"), done);
        assertEquals(List.of("bad"), failedOn);
        source.stop();

        FromMqtt restarted = new FromMqtt(HOST, port, topic, persistent(clientId));
        List<String> got = collecting(restarted);
        until(() -> got.contains("bad"), () -> got); // resent with every unacknowledged message of the session
        assertEquals(List.of("bad"), got, "only the failed element comes back");
        assertEquals(List.of("ok1", "ok2"), done, "the acknowledged ones were processed once");
        assertEquals(1, restarted.metrics().duplicates(), "the broker flags the redelivery");
        restarted.stop();
    }
}
