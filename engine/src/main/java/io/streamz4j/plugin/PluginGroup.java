package io.streamz4j.plugin;

import io.streamz4j.Sink;
import io.streamz4j.Source;
import io.streamz4j.Stream;

/**
 * The three kinds of plugin, streamz's three entry-point groups ({@code streamz.sources},
 * {@code streamz.nodes}, {@code streamz.sinks}), each with the class its plugins must extend.
 *
 * <p>Sources are checked against {@link Stream}, not {@link Source}: streamz itself only checks
 * {@code issubclass(node, Stream)} for every group, and a plain {@code Stream} that the caller
 * emits into is a legitimate source. {@link Source} is what a source plugin should extend; it is
 * what {@link #expected()} names. Sinks must extend {@link Sink}, nodes {@link Stream}.
 *
 * <p>Thread safety: immutable.
 */
public enum PluginGroup {
    /** Built without an upstream: {@code Stream.pluginSource(name, args...)}. */
    SOURCES("streamz.sources", Source.class, Stream.class),
    /** Built below a node: {@code stream.plugin(name, args...)}. */
    NODES("streamz.nodes", Stream.class, Stream.class),
    /** Built below a node and passing nothing on: {@code stream.plugin(name, args...)}. */
    SINKS("streamz.sinks", Sink.class, Sink.class);

    private final String entryPointGroup;
    private final Class<?> expected;
    private final Class<?> required;

    PluginGroup(String entryPointGroup, Class<?> expected, Class<?> required) {
        this.entryPointGroup = entryPointGroup;
        this.expected = expected;
        this.required = required;
    }

    /** streamz's entry-point group name, e.g. {@code streamz.nodes}. */
    public String entryPointGroup() {
        return entryPointGroup;
    }

    /** The class a plugin of this group is documented to extend. */
    public Class<?> expected() {
        return expected;
    }

    /** The class a plugin of this group must extend to be accepted. */
    public Class<?> required() {
        return required;
    }

    /** True for the groups whose plugins are built below an upstream node. */
    public boolean takesUpstream() {
        return this != SOURCES;
    }
}
