package io.streamz4j.transport.http;

import io.streamz4j.plugin.PluginEntry;
import io.streamz4j.plugin.PluginProvider;

import java.util.List;

/**
 * Registers the {@code "from_http_server"} source plugin, so that
 * {@code Stream.pluginSource("from_http_server", port, ...)} builds a {@link FromHttpServer} when
 * this artifact is on the class path.
 *
 * <p>Thread safety: stateless.
 */
public final class HttpPluginProvider implements PluginProvider {
    @Override
    public List<PluginEntry> plugins() {
        return List.of(PluginEntry.source(FromHttpServer.KIND, FromHttpServer.class.getName()));
    }
}
