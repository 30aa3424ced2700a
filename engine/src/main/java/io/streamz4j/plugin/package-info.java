/**
 * Public API: the plugin registry ({@code streamz.sources}, {@code streamz.nodes},
 * {@code streamz.sinks}) fed by {@link java.util.ServiceLoader}: implement
 * {@link io.streamz4j.plugin.PluginProvider} to make nodes available by name. The loading and
 * reflective construction behind it are package-private.
 */
package io.streamz4j.plugin;
