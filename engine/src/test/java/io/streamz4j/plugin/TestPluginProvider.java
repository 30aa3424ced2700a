package io.streamz4j.plugin;

import java.util.List;

/**
 * The test plugin jar: registered in {@code META-INF/services/io.streamz4j.plugin.PluginProvider}
 * under {@code src/test/resources}, so the global registry finds it through ServiceLoader.
 * Classes are named as strings, so listing them loads none.
 *
 * <p>Thread safety: stateless.
 */
public final class TestPluginProvider implements PluginProvider {
    private static final String PACKAGE = "io.streamz4j.plugin.";

    @Override
    public List<PluginEntry> plugins() {
        return List.of(
                PluginEntry.node("repeat", PACKAGE + "RepeatNode"),
                PluginEntry.source("from_numbers", PACKAGE + "FromNumbers"),
                PluginEntry.sink("sink_to_buffer", PACKAGE + "BufferSink"),
                PluginEntry.node("exploding", PACKAGE + "ExplodingNode"),
                // streamz allows any Stream as a source: a plain Stream the caller emits into.
                PluginEntry.source("plain_source", "io.streamz4j.Stream"),
                // Wrong: not a Stream at all.
                PluginEntry.node("not_a_stream", PACKAGE + "NotAStream"),
                // Wrong: no such class.
                PluginEntry.node("missing", PACKAGE + "NoSuchNode"),
                // Wrong: a Stream, but the sinks group requires a Sink.
                PluginEntry.sink("not_a_sink", "io.streamz4j.Stream"),
                // Wrong: abstract.
                PluginEntry.node("abstract_node", "io.streamz4j.Source"),
                // Skipped: built-in names, by their Java and their streamz spelling.
                PluginEntry.node("map", PACKAGE + "RepeatNode"),
                PluginEntry.sink("sink_to_list", PACKAGE + "BufferSink"));
    }
}
