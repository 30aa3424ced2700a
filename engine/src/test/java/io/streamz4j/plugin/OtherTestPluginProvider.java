package io.streamz4j.plugin;

import java.util.List;

/**
 * A second test plugin jar, listed after {@link TestPluginProvider}: its names collide with the
 * first one's, so the registry skips them with a warning and keeps the first.
 *
 * <p>Thread safety: stateless.
 */
public final class OtherTestPluginProvider implements PluginProvider {

    @Override
    public List<PluginEntry> plugins() {
        return List.of(
                PluginEntry.node("repeat", "io.streamz4j.plugin.OtherRepeatNode"),
                PluginEntry.sink("from_numbers", "io.streamz4j.plugin.BufferSink"));
    }
}
