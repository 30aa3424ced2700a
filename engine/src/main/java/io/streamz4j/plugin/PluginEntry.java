package io.streamz4j.plugin;

import java.util.Objects;

/**
 * One plugin a {@link PluginProvider} declares: its group, the name it is reached by, and the
 * fully qualified (binary) name of its class. The class is named by a string so that declaring
 * it loads nothing; the registry loads it on first use.
 *
 * <p>Thread safety: immutable.
 *
 * @param group     which of streamz's entry-point groups the plugin belongs to
 * @param name      the name passed to {@code plugin(name, ...)}, e.g. {@code "repeat"}
 * @param className the node class's binary name, e.g. {@code "com.example.RepeatNode"}
 */
public record PluginEntry(PluginGroup group, String name, String className) {

    public PluginEntry {
        Objects.requireNonNull(group, "plugin entry: 'group' must not be null");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("plugin entry: 'name' must not be blank");
        }
        if (className == null || className.isBlank()) {
            throw new IllegalArgumentException(
                    "plugin entry '" + name + "': 'className' must not be blank");
        }
    }

    /** A {@code streamz.sources} entry: built with {@code (args...)}. */
    public static PluginEntry source(String name, String className) {
        return new PluginEntry(PluginGroup.SOURCES, name, className);
    }

    /** A {@code streamz.nodes} entry: built with {@code (upstream, args...)}. */
    public static PluginEntry node(String name, String className) {
        return new PluginEntry(PluginGroup.NODES, name, className);
    }

    /** A {@code streamz.sinks} entry: built with {@code (upstream, args...)}. */
    public static PluginEntry sink(String name, String className) {
        return new PluginEntry(PluginGroup.SINKS, name, className);
    }
}
