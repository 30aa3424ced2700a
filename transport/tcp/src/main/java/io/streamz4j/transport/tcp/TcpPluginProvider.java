package io.streamz4j.transport.tcp;

import io.streamz4j.plugin.PluginEntry;
import io.streamz4j.plugin.PluginProvider;

import java.util.List;

/**
 * Registers the {@code "from_tcp"} source plugin, so that {@code Stream.pluginSource("from_tcp", port, ...)}
 * builds a {@link FromTcp} when this artifact is on the class path.
 *
 * <p>Thread safety: stateless.
 */
public final class TcpPluginProvider implements PluginProvider {
    @Override
    public List<PluginEntry> plugins() {
        return List.of(PluginEntry.source(FromTcp.KIND, FromTcp.class.getName()));
    }
}
