package io.streamz4j.plugin;

import java.util.List;

/**
 * The service a plugin jar provides, found with {@link java.util.ServiceLoader}: list the
 * implementing class in {@code META-INF/services/io.streamz4j.plugin.PluginProvider} (or
 * {@code provides} it in {@code module-info}), and its entries become reachable by name through
 * {@code stream.plugin(name, args...)} and {@code Stream.pluginSource(name, args...)}. This is
 * streamz's {@code entry_points={"streamz.nodes": ["repeat = pkg:RepeatNode"]}}.
 *
 * <pre>{@code
 * public final class ExamplePlugins implements PluginProvider {
 *     @Override
 *     public List<PluginEntry> plugins() {
 *         return List.of(
 *                 PluginEntry.node("repeat", "com.example.RepeatNode"),
 *                 PluginEntry.source("from_numbers", "com.example.FromNumbers"),
 *                 PluginEntry.sink("sink_to_log", "com.example.LogSink"));
 *     }
 * }
 * }</pre>
 *
 * <p>Entries name their classes as strings and the provider must not touch them: the registry
 * loads a node class, with the provider's class loader, only when the plugin is first used.
 *
 * <p>Thread safety: {@link #plugins()} is called once, by whichever thread first uses the
 * registry; an implementation needs a public no-argument constructor and no shared state.
 */
@FunctionalInterface
public interface PluginProvider {

    /** The plugins this provider declares, in the order they should be registered. */
    List<PluginEntry> plugins();
}
