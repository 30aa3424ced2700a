package io.streamz4j.plugin;

/**
 * A plugin's class could not be used: not found, not the class its group requires (streamz's
 * {@code TypeError: ... must be a subclass of Stream}), abstract, or failing to initialize. The
 * message names the plugin, its group, its class and the provider that declared it.
 *
 * <p>Thread safety: immutable once thrown.
 */
public final class PluginLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PluginLoadException(String message) {
        super(message);
    }

    public PluginLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
