package io.streamz4j.plugin;

import io.streamz4j.Stream;

/**
 * What {@code stream.plugin(name, args...)} and {@code Stream.pluginSource(name, args...)} call:
 * build a plugin from the {@link PluginRegistry#global() global registry}, the providers that
 * {@link java.util.ServiceLoader} finds on the class path.
 *
 * <p>Thread safety: safe for use from any thread; the node built belongs to its caller and is
 * wired under the calling thread's rules for building pipelines (see {@link Stream}).
 */
public final class Plugins {
    private Plugins() {
    }

    /** Builds node or sink plugin {@code name} below {@code upstream}; see {@link PluginRegistry#node}. */
    public static <R> Stream<R> node(Stream<?> upstream, String name, Object... args) {
        return PluginRegistry.global().node(upstream, name, args);
    }

    /** Builds source plugin {@code name}; see {@link PluginRegistry#source}. */
    public static <R> Stream<R> source(String name, Object... args) {
        return PluginRegistry.global().source(name, args);
    }

    /** The global registry, to list names or read the warnings of registration. */
    public static PluginRegistry registry() {
        return PluginRegistry.global();
    }
}
