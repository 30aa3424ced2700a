package io.streamz4j.plugin;

import io.streamz4j.Stream;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plugins by name (streamz's {@code load_plugins} and {@code register_plugin_entry_point}). The
 * registry asks every {@link PluginProvider} for its entries once, when built; it loads no plugin
 * class then. A plugin's class is loaded with its provider's class loader, validated and cached
 * the first time the plugin is built or its class is asked for.
 *
 * <p>An entry is skipped, with a warning logged and kept in {@link #warnings()}, when its name is
 * a built-in of {@link Stream} ({@code map}, {@code sink_to_list}...) or was taken by an earlier
 * entry (streamz: "name collision with existing stream node"), and so is a provider that cannot
 * be instantiated or whose {@code plugins()} throws. Providers are read in
 * {@link ServiceLoader} order: class path order, then line order within a services file.
 *
 * <p>Thread safety: safe for use from any thread. The name table is built in the constructor and
 * never changes (published through a final field); {@link #global()} is created once, on first
 * use, by the class-holder idiom; each plugin's lazy loading is guarded in {@link LazyPlugin}.
 */
public final class PluginRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(PluginRegistry.class);
    private static final int MAX_PROVIDER_ERRORS = 64;
    private static final Set<String> BUILTINS = BuiltinNames.of(Stream.class);

    private final Map<String, LazyPlugin> plugins;
    private final Map<String, String> skipped;
    private final List<String> warnings;

    /** The registry behind {@code Stream.plugin}, built on first use. */
    private static final class Global {
        static final PluginRegistry INSTANCE = load(PluginProvider.class.getClassLoader());
    }

    private PluginRegistry(Iterator<? extends PluginProvider> providers) {
        Map<String, LazyPlugin> table = new LinkedHashMap<>();
        Map<String, String> skips = new LinkedHashMap<>();
        List<String> warned = new ArrayList<>();
        int errors = 0;
        while (errors < MAX_PROVIDER_ERRORS) {
            PluginProvider provider;
            try {
                if (!providers.hasNext()) {
                    break;
                }
                provider = providers.next();
            } catch (ServiceConfigurationError e) {
                errors++;
                warn(warned, "Can't load a plugin provider: " + e.getMessage());
                continue;
            }
            register(provider, table, skips, warned);
        }
        this.plugins = Collections.unmodifiableMap(table);
        this.skipped = Collections.unmodifiableMap(skips);
        this.warnings = List.copyOf(warned);
    }

    /**
     * The registry of every provider on the engine's class path, found with
     * {@link ServiceLoader} through {@code META-INF/services/io.streamz4j.plugin.PluginProvider}.
     * Built once, on first use, from the class loader that loaded streamz4j.
     */
    public static PluginRegistry global() {
        return Global.INSTANCE;
    }

    /** A registry of the providers {@link ServiceLoader} finds through {@code loader}. */
    public static PluginRegistry load(ClassLoader loader) {
        return new PluginRegistry(ServiceLoader.load(PluginProvider.class, loader).iterator());
    }

    /** A registry of exactly these providers, in this order (tests, embedding). */
    public static PluginRegistry of(PluginProvider... providers) {
        return new PluginRegistry(List.of(providers).iterator());
    }

    /** The names registered in {@code group}, sorted. */
    public Set<String> names(PluginGroup group) {
        Set<String> names = new TreeSet<>();
        for (LazyPlugin plugin : plugins.values()) {
            if (plugin.entry().group() == group) {
                names.add(plugin.entry().name());
            }
        }
        return Collections.unmodifiableSet(names);
    }

    /** The entry registered as {@code name}, if any; looking loads nothing. */
    public Optional<PluginEntry> entry(String name) {
        LazyPlugin plugin = plugins.get(name);
        return plugin == null ? Optional.empty() : Optional.of(plugin.entry());
    }

    /** True once {@code name}'s class has been loaded and validated. */
    public boolean isLoaded(String name) {
        return require(name).isLoaded();
    }

    /**
     * The class of plugin {@code name}, loaded and validated on first call.
     *
     * @throws PluginLoadException      if the class is missing or not what its group requires
     * @throws IllegalArgumentException if no plugin has that name
     */
    public Class<?> pluginClass(String name) {
        return require(name).type();
    }

    /** The warnings logged while registering: skipped entries and providers, one line each. */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * Builds node or sink plugin {@code name} below {@code upstream}, with the public constructor
     * that accepts {@code (upstream, args...)} (streamz: {@code stream.name(*args)}).
     *
     * @throws IllegalArgumentException if no node or sink has that name, or no constructor fits
     * @throws PluginLoadException      if its class is missing or is not a Stream or Sink
     */
    @SuppressWarnings("unchecked")
    public <R> Stream<R> node(Stream<?> upstream, String name, Object... args) {
        Objects.requireNonNull(upstream, "plugin: parameter 'upstream' must not be null");
        LazyPlugin plugin = require(name);
        if (!plugin.entry().group().takesUpstream()) {
            throw new IllegalArgumentException("'" + name + "' is a source plugin ("
                    + PluginGroup.SOURCES.entryPointGroup() + ", provider " + plugin.provider()
                    + "): build it with Stream.pluginSource(\"" + name + "\", ...)");
        }
        Object[] given = args == null ? new Object[0] : args;
        Object[] all = new Object[given.length + 1];
        all[0] = upstream;
        System.arraycopy(given, 0, all, 1, given.length);
        return (Stream<R>) plugin.construct(all);
    }

    /**
     * Builds source plugin {@code name} with the public constructor that accepts {@code args}
     * (streamz: {@code Stream.name(*args)}).
     *
     * @throws IllegalArgumentException if no source has that name, or no constructor fits
     * @throws PluginLoadException      if its class is missing or is not a Stream
     */
    @SuppressWarnings("unchecked")
    public <R> Stream<R> source(String name, Object... args) {
        LazyPlugin plugin = require(name);
        if (plugin.entry().group().takesUpstream()) {
            throw new IllegalArgumentException("'" + name + "' is a "
                    + (plugin.entry().group() == PluginGroup.SINKS ? "sink" : "node")
                    + " plugin (" + plugin.entry().group().entryPointGroup() + ", provider "
                    + plugin.provider() + "): build it below a node with stream.plugin(\"" + name
                    + "\", ...)");
        }
        return (Stream<R>) plugin.construct(args == null ? new Object[0] : args);
    }

    private LazyPlugin require(String name) {
        Objects.requireNonNull(name, "plugin: parameter 'name' must not be null");
        LazyPlugin plugin = plugins.get(name);
        if (plugin != null) {
            return plugin;
        }
        StringBuilder message = new StringBuilder("No plugin named '").append(name).append("'.");
        String reason = skipped.get(name);
        if (reason != null) {
            message.append(' ').append(reason);
        } else if (BUILTINS.contains(name)) {
            message.append(" '").append(name).append("' is a built-in method of Stream.");
        }
        Set<String> nodes = new TreeSet<>(names(PluginGroup.NODES));
        nodes.addAll(names(PluginGroup.SINKS));
        message.append(" Available nodes and sinks: ").append(nodes)
                .append("; sources: ").append(names(PluginGroup.SOURCES))
                .append(". Plugins come from ").append(PluginProvider.class.getName())
                .append(" implementations listed in META-INF/services/")
                .append(PluginProvider.class.getName()).append('.');
        throw new IllegalArgumentException(message.toString());
    }

    private static void register(PluginProvider provider, Map<String, LazyPlugin> table,
            Map<String, String> skips, List<String> warned) {
        String providerName = provider.getClass().getName();
        List<PluginEntry> entries;
        try {
            entries = provider.plugins();
        } catch (RuntimeException | LinkageError e) {
            warn(warned, "Can't read plugins from provider " + providerName + ": " + e);
            return;
        }
        if (entries == null) {
            warn(warned, "Can't read plugins from provider " + providerName + ": plugins() returned null");
            return;
        }
        ClassLoader loader = provider.getClass().getClassLoader();
        if (loader == null) {
            loader = PluginRegistry.class.getClassLoader();
        }
        for (PluginEntry entry : entries) {
            if (entry == null) {
                warn(warned, "Can't add a null entry from provider " + providerName);
                continue;
            }
            String name = entry.name();
            String where = "'" + name + "' (" + entry.group().entryPointGroup() + ", class "
                    + entry.className() + ") from provider " + providerName;
            LazyPlugin existing = table.get(name);
            String reason = null;
            if (BUILTINS.contains(name)) {
                reason = "Can't add " + where
                        + ": name collision with existing stream node (a built-in method of Stream).";
            } else if (existing != null) {
                reason = "Can't add " + where + ": name collision with existing stream node "
                        + existing.describe() + ".";
            }
            if (reason != null) {
                skips.putIfAbsent(name, reason);
                warn(warned, reason);
                continue;
            }
            table.put(name, new LazyPlugin(entry, providerName, loader));
        }
    }

    private static void warn(List<String> warned, String message) {
        LOG.warn(message);
        warned.add(message);
    }
}
