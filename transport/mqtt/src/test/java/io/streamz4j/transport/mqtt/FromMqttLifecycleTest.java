package io.streamz4j.transport.mqtt;

import io.streamz4j.Stream;
import io.streamz4j.plugin.PluginGroup;
import io.streamz4j.plugin.PluginRegistry;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import static io.streamz4j.transport.mqtt.MqttTests.threads;
import static io.streamz4j.transport.mqtt.MqttTests.topic;
import static io.streamz4j.transport.mqtt.MqttTests.until;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Start, stop, restart, lost connections, plugin names and bad arguments of the MQTT connectors. */
class FromMqttLifecycleTest {
    private static final String HOST = "127.0.0.1";

    @Test
    void stopLeavesNoThreadAndNoConnectionAndARestartResumes() throws Exception {
        int port = MqttTestBroker.get().port();
        String topic = topic("lifecycle");
        String clientId = "life-" + UUID.randomUUID();
        FromMqtt source = Mqtt.fromMqtt(HOST, port, topic, MqttOptions.builder().clientId(clientId).build());
        source.named("mqttlife");
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        source.map(MqttRecord::payloadText).sink(got::add);
        for (int round = 0; round < 2; round++) {
            source.start();
            assertTrue(MqttTestBroker.get().connectedClients().contains(clientId));
            assertTrue(threads("streamz4j-mqttlife-mqtt", "\u0000").contains("streamz4j-mqttlife-mqtt"));
            MqttTests.publish(topic, List.of("m" + round));
            until(() -> got.size() == 1, () -> got);
            assertEquals(List.of("m" + round), got);
            source.stop();
            assertTrue(threads("streamz4j-mqttlife", clientId).isEmpty(),
                    () -> "left running: " + threads("streamz4j-mqttlife", clientId));
            until(() -> !MqttTestBroker.get().connectedClients().contains(clientId),
                    MqttTestBroker.get()::connectedClients);
            assertFalse(source.isConnected());
            got.clear();
        }
    }

    @Test
    void aLostConnectionIsCountedReportedAndResumedByReconnecting() throws Exception {
        int port = MqttTestBroker.get().port();
        String topic = topic("lost");
        String clientId = "lost-" + UUID.randomUUID();
        FromMqtt source = Mqtt.fromMqtt(HOST, port, topic, MqttOptions.builder().clientId(clientId).build());
        List<Throwable> errors = Collections.synchronizedList(new ArrayList<>());
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        source.map(MqttRecord::payloadText).sink(got::add);
        source.onPipelineError((node, element, error) -> errors.add(error));
        source.start();
        MqttTests.publish(topic, List.of("before"));
        until(() -> got.size() == 1, () -> got);

        assertTrue(MqttTestBroker.get().disconnectClient(clientId));
        until(() -> source.metrics().connectionLosses() == 1 && errors.size() == 1, source::metrics);
        assertTrue(errors.get(0).getMessage().contains("from_mqtt: connection to"), errors.get(0)::getMessage);
        until(source::isConnected, source::metrics); // Paho's automatic reconnect, the session resumed
        MqttTests.publish(topic, List.of("after"));
        until(() -> got.contains("after"), () -> got);
        source.stop();
    }

    @Test
    void aBrokerThatCannotBeReachedFailsTheStartAndLeavesNothingRunning() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        FromMqtt source = Mqtt.fromMqtt(HOST, closedPort, "t",
                MqttOptions.builder().connectionTimeoutSeconds(5).build());
        source.named("mqttdead");
        IllegalStateException e = assertThrows(IllegalStateException.class, source::start);
        assertTrue(e.getMessage().contains("from_mqtt: cannot connect to tcp://127.0.0.1:" + closedPort),
                e.getMessage());
        until(() -> threads("streamz4j-mqttdead", source.clientId()).isEmpty(),
                () -> threads("streamz4j-mqttdead", source.clientId()));
        assertTrue(source.isStopped());
    }

    @Test
    void aConnectionTheBrokerDropsWhileSubscribingIsMadeAgainAndTheStartSucceeds() throws Exception {
        try (SubscribeCuttingProxy proxy = new SubscribeCuttingProxy(MqttTestBroker.get().port())) {
            String topic = topic("cut");
            FromMqtt source = Mqtt.fromMqtt(HOST, proxy.port(), topic, MqttOptions.builder().cleanSession(true).build());
            List<String> got = Collections.synchronizedList(new ArrayList<>());
            source.map(MqttRecord::payloadText).sink(got::add);
            source.start();
            assertEquals(2, proxy.connections(), "the start connected again after the cut");
            MqttTests.publish(topic, List.of("after the cut"));
            until(() -> got.contains("after the cut"), () -> got);
            source.stop();
        }
    }

    @Test
    void thePluginNamesBuildTheConnectors() {
        PluginRegistry registry = PluginRegistry.global();
        assertTrue(registry.names(PluginGroup.SOURCES).contains("from_mqtt"));
        assertTrue(registry.names(PluginGroup.SINKS).contains("to_mqtt"));
        int port = MqttTestBroker.get().port();
        String topic = topic("plugin");
        Stream<MqttRecord> source = registry.source("from_mqtt", HOST, port, topic, 30);
        assertInstanceOf(FromMqtt.class, source);
        List<String> got = Collections.synchronizedList(new ArrayList<>());
        source.map(MqttRecord::payloadText).sink(got::add);
        source.start();
        Stream<String> up = new Stream<>();
        Stream<Object> sink = registry.node(up, "to_mqtt", HOST, port, topic);
        assertInstanceOf(ToMqtt.class, sink);
        up.emit("via plugins");
        until(() -> got.contains("via plugins"), () -> got);
        ((FromMqtt) source).stop();
        sink.destroy();
    }

    @Test
    void badArgumentsFailAtConstructionNamingTheNodeAndTheParameter() {
        Stream<Object> up = new Stream<>();
        MqttOptions ok = MqttOptions.defaults();
        expect("from_mqtt", "host", () -> new FromMqtt(" ", 1883, "t"));
        expect("from_mqtt", "port", () -> new FromMqtt(HOST, 0, "t"));
        expect("from_mqtt", "port", () -> new FromMqtt(HOST, 70_000, "t"));
        expect("from_mqtt", "topic", () -> new FromMqtt(HOST, 1883, ""));
        expect("from_mqtt", "topic", () -> new FromMqtt(HOST, 1883, null));
        expect("from_mqtt", "options", () -> new FromMqtt(HOST, 1883, "t", (MqttOptions) null));
        expect("from_mqtt", "keepalive", () -> new FromMqtt(HOST, 1883, "t", -1));
        expect("from_mqtt", "qos", () -> new FromMqtt(HOST, 1883, "t", MqttOptions.builder().qos(2).build()));
        expect("from_mqtt", "qos", () -> new FromMqtt(HOST, 1883, "t", MqttOptions.builder().qos(-1).build()));
        expect("from_mqtt", "queueCapacity",
                () -> new FromMqtt(HOST, 1883, "t", MqttOptions.builder().queueCapacity(0).build()));
        expect("from_mqtt", "clientId", () -> new FromMqtt(HOST, 1883, "t", MqttOptions.builder().clientId("").build()));
        expect("from_mqtt", "connectionTimeout",
                () -> new FromMqtt(HOST, 1883, "t", MqttOptions.builder().connectionTimeoutSeconds(0).build()));
        expect("from_mqtt", "password",
                () -> new FromMqtt(HOST, 1883, "t", MqttOptions.builder().credentials(null, new char[] {'x'}).build()));
        expect("to_mqtt", "topic", () -> new ToMqtt<>(up, HOST, 1883, "a/#"));
        expect("to_mqtt", "topic", () -> new ToMqtt<>(up, HOST, 1883, "a/+/b"));
        expect("to_mqtt", "host", () -> new ToMqtt<>(up, null, 1883, "t"));
        expect("to_mqtt", "port", () -> new ToMqtt<>(up, HOST, -5, "t"));
        expect("to_mqtt", "qos", () -> new ToMqtt<>(up, HOST, 1883, "t", MqttOptions.builder().qos(3).build()));
        expect("to_mqtt", "maxInflight",
                () -> new ToMqtt<>(up, HOST, 1883, "t", MqttOptions.builder().maxInflight(0).build()));
        expect("to_mqtt", "payload", () -> new ToMqtt<>(up, HOST, 1883, "t", ok, null));
        expect("to_mqtt", "options", () -> new ToMqtt<>(up, HOST, 1883, "t", (MqttOptions) null));
    }

    private static void expect(String node, String parameter, Executable construction) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction::execute);
        assertTrue(e.getMessage().startsWith(node + ": parameter '" + parameter + "'"), e.getMessage());
    }

    /** What the bad-argument cases run: a constructor call. */
    @FunctionalInterface
    private interface Executable {
        void execute();
    }
}
