package io.streamz4j.plugin;

import io.streamz4j.Stream;

import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;

/**
 * One registered plugin: its entry and the class loader of the provider that declared it, and,
 * from its first use on, its validated class and public constructors (streamz's {@code stub},
 * replaced by the real node on first call). Validation failures are not cached: every use
 * retries and fails with the same clear error, as streamz does.
 *
 * <p>Thread safety: safe for use from any thread. The loaded class is published through a
 * volatile field and loaded at most once, under this object's lock (double-checked); every use
 * after the first is a single volatile read.
 */
final class LazyPlugin {
    private final PluginEntry entry;
    private final String provider;
    private final ClassLoader loader;
    private volatile Loaded loaded;

    /** The validated class and its public constructors, cached together. */
    private record Loaded(Class<?> type, Constructor<?>[] constructors) {
    }

    LazyPlugin(PluginEntry entry, String provider, ClassLoader loader) {
        this.entry = entry;
        this.provider = provider;
        this.loader = loader;
    }

    PluginEntry entry() {
        return entry;
    }

    String provider() {
        return provider;
    }

    boolean isLoaded() {
        return loaded != null;
    }

    /** Loads, validates and initializes the class on first call; returns it. */
    Class<?> type() {
        return load().type();
    }

    /** Builds the plugin with exactly {@code args} (the upstream first, for nodes and sinks). */
    Stream<?> construct(Object[] args) {
        Loaded l = load();
        String how = entry.group().takesUpstream() ? "(upstream, args...)" : "(args...)";
        Constructor<?> constructor = Constructors.choose(l.constructors(), args, describe(), how);
        return (Stream<?>) Constructors.newInstance(constructor, args, describe());
    }

    /** {@code plugin 'repeat' (streamz.nodes, class com.x.RepeatNode, provider com.x.Plugins)}. */
    String describe() {
        return "plugin '" + entry.name() + "' (" + entry.group().entryPointGroup() + ", class "
                + entry.className() + ", provider " + provider + ")";
    }

    private Loaded load() {
        Loaded l = loaded;
        if (l == null) {
            synchronized (this) {
                l = loaded;
                if (l == null) {
                    l = resolve();
                    loaded = l;
                }
            }
        }
        return l;
    }

    private Loaded resolve() {
        Class<?> type;
        try {
            // Not initialized yet: a class that fails validation never runs its static code.
            type = Class.forName(entry.className(), false, loader);
        } catch (ClassNotFoundException e) {
            throw new PluginLoadException("Error loading " + describe() + ": class "
                    + entry.className() + " not found by the provider's class loader", e);
        } catch (LinkageError e) {
            throw new PluginLoadException("Error loading " + describe() + ": " + e, e);
        }
        if (!Stream.class.isAssignableFrom(type)) {
            throw new PluginLoadException("Error loading " + describe() + ": " + type.getName()
                    + " must be a subclass of " + Stream.class.getName());
        }
        Class<?> required = entry.group().required();
        if (!required.isAssignableFrom(type)) {
            throw new PluginLoadException("Error loading " + describe() + ": " + type.getName()
                    + " must be a subclass of " + required.getName() + " to be registered in "
                    + entry.group().entryPointGroup());
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            throw new PluginLoadException("Error loading " + describe() + ": " + type.getName()
                    + " is abstract; a plugin must be a concrete class");
        }
        if (!Modifier.isPublic(type.getModifiers())) {
            throw new PluginLoadException("Error loading " + describe() + ": " + type.getName()
                    + " must be public");
        }
        try {
            Class.forName(entry.className(), true, loader);
        } catch (ExceptionInInitializerError e) {
            throw new PluginLoadException("Error loading " + describe()
                    + ": its static initializer failed: " + e.getCause(), e.getCause());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new PluginLoadException("Error loading " + describe() + ": " + e, e);
        }
        return new Loaded(type, type.getConstructors());
    }
}
