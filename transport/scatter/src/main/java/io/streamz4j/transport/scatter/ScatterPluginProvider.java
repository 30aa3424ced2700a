package io.streamz4j.transport.scatter;

import io.streamz4j.plugin.PluginEntry;
import io.streamz4j.plugin.PluginProvider;

import java.util.List;

/**
 * Registers the {@code "scatter"} node plugin, so that {@code Stream.scatter()} and
 * {@code Stream.scatter(key)} build a {@link ScatterNode} when this artifact is on the class path
 * (the engine itself depends on no transport).
 *
 * <p>Thread safety: stateless.
 */
public final class ScatterPluginProvider implements PluginProvider {
    @Override
    public List<PluginEntry> plugins() {
        return List.of(PluginEntry.node("scatter", "io.streamz4j.transport.scatter.ScatterNode"));
    }
}
