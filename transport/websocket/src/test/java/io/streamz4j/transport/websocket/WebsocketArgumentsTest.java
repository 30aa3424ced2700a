package io.streamz4j.transport.websocket;

import io.streamz4j.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad arguments fail at construction with an IllegalArgumentException naming the node and the parameter. */
class WebsocketArgumentsTest {

    private static void rejected(String node, String parameter, Executable construction) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction);
        assertTrue(e.getMessage().contains(node) && e.getMessage().contains("'" + parameter + "'"), e.getMessage());
    }

    @Test
    void fromWebsocketRejectsBadArguments() {
        FromWebsocketOptions d = FromWebsocketOptions.defaults();
        rejected("from_websocket", "host", () -> WebSockets.fromWebsocket(null, 0));
        rejected("from_websocket", "host", () -> WebSockets.fromWebsocket(" ", 0));
        rejected("from_websocket", "host", () -> WebSockets.fromWebsocket("no-such-host.invalid", 0));
        rejected("from_websocket", "port", () -> WebSockets.fromWebsocket("127.0.0.1", -1));
        rejected("from_websocket", "port", () -> WebSockets.fromWebsocket("127.0.0.1", 65_536));
        rejected("from_websocket", "options", () -> WebSockets.fromWebsocket("127.0.0.1", 0, null));
        rejected("from_websocket", "maxMessageSize", () -> d.maxMessageSize(0));
        rejected("from_websocket", "queueCapacity", () -> d.queueCapacity(0));
        rejected("from_websocket", "maxConnections", () -> d.maxConnections(-1));
        rejected("from_websocket", "decoderThreads", () -> d.decoderThreads(0));
        rejected("from_websocket", "connectionLostTimeout", () -> d.connectionLostTimeout(Duration.ofSeconds(-1)));
        rejected("from_websocket", "connectionLostTimeout", () -> d.connectionLostTimeout(null));
        rejected("from_websocket", "closeTimeout", () -> d.closeTimeout(Duration.ofMillis(-1)));
    }

    @Test
    void toWebsocketRejectsBadArguments() {
        Stream<Object> s = new Stream<>();
        ToWebsocketOptions d = ToWebsocketOptions.defaults();
        rejected("to_websocket", "uri", () -> WebSockets.toWebsocket(s, null));
        rejected("to_websocket", "uri", () -> WebSockets.toWebsocket(s, "http://127.0.0.1:80"));
        rejected("to_websocket", "uri", () -> WebSockets.toWebsocket(s, "127.0.0.1:80"));
        rejected("to_websocket", "uri", () -> WebSockets.toWebsocket(s, "ws://bad host/"));
        rejected("to_websocket", "uri", () -> WebSockets.toWebsocket(s, "ws:///path"));
        rejected("to_websocket", "uri", () -> WebSockets.toWebsocket(s, "ws://127.0.0.1:70000"));
        rejected("to_websocket", "upstream", () -> WebSockets.toWebsocket(null, "ws://127.0.0.1:80"));
        rejected("to_websocket", "options", () -> WebSockets.toWebsocket(s, "ws://127.0.0.1:80", null));
        rejected("to_websocket", "maxFramesInFlight", () -> d.maxFramesInFlight(0));
        rejected("to_websocket", "connectTimeout", () -> d.connectTimeout(Duration.ZERO));
        rejected("to_websocket", "closeTimeout", () -> d.closeTimeout(null));
        rejected("to_websocket", "converter", () -> d.converter(null));
        assertTrue(s.downstreams().isEmpty(), "a rejected sink is not connected below its upstream");
    }
}
