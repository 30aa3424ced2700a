package io.streamz4j.transport.websocket;

import io.streamz4j.plugin.PluginEntry;
import io.streamz4j.plugin.PluginProvider;

import java.util.List;

/**
 * Registers streamz's names for this artifact: the source {@code from_websocket}
 * ({@code Stream.pluginSource("from_websocket", host, port[, options])}) and the sink
 * {@code to_websocket} ({@code stream.plugin("to_websocket", uri[, options])}).
 *
 * <p>Thread safety: stateless.
 */
public final class WebsocketPluginProvider implements PluginProvider {
    @Override
    public List<PluginEntry> plugins() {
        return List.of(
                PluginEntry.source(FromWebsocket.KIND, "io.streamz4j.transport.websocket.FromWebsocket"),
                PluginEntry.sink(ToWebsocket.KIND, "io.streamz4j.transport.websocket.ToWebsocket"));
    }
}
