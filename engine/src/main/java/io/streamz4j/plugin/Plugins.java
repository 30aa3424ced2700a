package io.streamz4j.plugin;

import io.streamz4j.Stream;

/** Placeholder replaced by the plugin registry. */
public final class Plugins {
    private Plugins() {
    }

    public static <R> Stream<R> node(Stream<?> upstream, String name, Object... args) {
        throw new UnsupportedOperationException("plugins not yet implemented");
    }

    public static <R> Stream<R> source(String name, Object... args) {
        throw new UnsupportedOperationException("plugins not yet implemented");
    }
}
