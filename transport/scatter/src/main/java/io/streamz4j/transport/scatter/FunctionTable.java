package io.streamz4j.transport.scatter;

import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Registered names to {@link RemoteFunction}s: what a worker can run, and what the coordinator
 * checks a program against before sending it. A name registered again with the same function is
 * accepted (two libraries may share a constant); with another function it is refused, so one name
 * never means two things.
 *
 * <p>Thread safety: filled on one thread ({@link FunctionLibrary#register}); read by any thread
 * after it is handed over (the worker's loop, the coordinator's pipeline building). It retains the
 * functions.
 */
public final class FunctionTable {
    private final Map<String, RemoteFunction> byName = new TreeMap<>();
    private final Set<Class<?>> libraries = new HashSet<>();

    /**
     * A table of every library {@link FunctionLibrary#discovered discovered} on {@code loader} and
     * every one named in {@code libraryClassNames}, each loaded once.
     */
    public static FunctionTable load(ClassLoader loader, Collection<String> libraryClassNames) {
        FunctionTable table = new FunctionTable();
        for (FunctionLibrary library : FunctionLibrary.discovered(loader)) {
            table.add(library);
        }
        for (String name : libraryClassNames) {
            table.add(FunctionLibrary.byName(name, loader));
        }
        return table;
    }

    /** Registers {@code library}'s functions, unless a library of its class already did. */
    public FunctionTable add(FunctionLibrary library) {
        if (libraries.add(library.getClass())) {
            library.register(this);
        }
        return this;
    }

    /**
     * Adds {@code function} under its name.
     *
     * @throws IllegalArgumentException when the name is already another function's
     */
    public FunctionTable register(RemoteFunction function) {
        if (function == null) {
            throw new IllegalArgumentException("FunctionTable.register: function is null");
        }
        RemoteFunction known = byName.putIfAbsent(function.name(), function);
        if (known != null && known != function) {
            throw new IllegalArgumentException("FunctionTable.register: the name '" + function.name() + "' is already "
                    + known + "; refused for another function (" + function + ")");
        }
        return this;
    }

    /** The function of {@code name}, or null when there is none. */
    public RemoteFunction find(String name) {
        return byName.get(name);
    }

    /**
     * The function of {@code name}, checked to be of {@code kind}.
     *
     * @throws IllegalArgumentException naming the function when it is missing or of another kind
     */
    public RemoteFunction require(String name, RemoteFunction.Kind kind) {
        RemoteFunction function = byName.get(name);
        if (function == null) {
            throw new IllegalArgumentException("no function named '" + name + "' is registered (known: " + byName.keySet()
                    + "); every side must load the same libraries");
        }
        if (function.kind() != kind) {
            throw new IllegalArgumentException("'" + name + "' is a " + function.kind() + " function, not a " + kind);
        }
        return function;
    }

    /** Every registered name, sorted. */
    public Set<String> names() {
        return Collections.unmodifiableSet(byName.keySet());
    }

    public int size() {
        return byName.size();
    }
}
