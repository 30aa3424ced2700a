package io.streamz4j.transport.websocket;

import io.streamz4j.Await;
import io.streamz4j.Stream;
import io.streamz4j.plugin.PluginGroup;
import io.streamz4j.plugin.PluginRegistry;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The artifact's streamz names through the plugin registry (streamz's test_plugins.py, for these names). */
class WebsocketPluginTest {

    @Test
    void fromWebsocketAndToWebsocketAreRegisteredUnderTheirStreamzNames() {
        PluginRegistry registry = PluginRegistry.global();
        assertTrue(registry.names(PluginGroup.SOURCES).contains("from_websocket"), registry.names(PluginGroup.SOURCES)::toString);
        assertTrue(registry.names(PluginGroup.SINKS).contains("to_websocket"), registry.names(PluginGroup.SINKS)::toString);
        assertEquals(FromWebsocket.class, registry.pluginClass("from_websocket"));
        assertEquals(ToWebsocket.class, registry.pluginClass("to_websocket"));
    }

    @Test
    void aRoundTripBuiltByName() {
        Stream<Object> source = Stream.pluginSource("from_websocket", "127.0.0.1", 0,
                FromWebsocketOptions.defaults().queueCapacity(16));
        FromWebsocket server = assertInstanceOf(FromWebsocket.class, source);
        List<Object> received = Collections.synchronizedList(new ArrayList<>());
        server.sink(received::add);
        server.start();
        try {
            Stream<Object> s = new Stream<>();
            Stream<Object> sink = s.plugin("to_websocket", "ws://127.0.0.1:" + server.port());
            assertInstanceOf(ToWebsocket.class, sink);
            s.emit("by name");
            Await.until(() -> received.size() == 1, received::size);
            assertEquals(List.of("by name"), received);
            sink.destroy();
        } finally {
            server.stop();
        }
    }
}
