package io.streamz4j.transport.scatter;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * A set of {@link RemoteFunction}s (and, if it needs them, {@link WireTypes#register wire types})
 * that worker processes and the coordinator both load from the same jar. A library is found by
 * {@link ServiceLoader} (list it in {@code META-INF/services/io.streamz4j.transport.scatter.FunctionLibrary})
 * or named on the worker's command line ({@code --library com.example.MyFunctions}); it needs a
 * public no-argument constructor.
 *
 * <p>Thread safety: {@link #register} is called once per table, on the thread that builds it.
 */
public interface FunctionLibrary {

    /** Adds this library's functions to {@code table}. */
    void register(FunctionTable table);

    /** The libraries listed for {@link ServiceLoader} on {@code loader}'s class path. */
    static List<FunctionLibrary> discovered(ClassLoader loader) {
        List<FunctionLibrary> libraries = new ArrayList<>();
        ServiceLoader.load(FunctionLibrary.class, loader).forEach(libraries::add);
        return libraries;
    }

    /**
     * The library class {@code className}, made with its public no-argument constructor. The class
     * is checked to be a {@code FunctionLibrary} before it is initialised, so a command line cannot
     * make this run any other class's code.
     *
     * @throws IllegalArgumentException naming the class and what is wrong with it
     */
    static FunctionLibrary byName(String className, ClassLoader loader) {
        Class<?> type;
        try {
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("library " + className + " is not on the class path (" + e + ")", e);
        }
        if (!FunctionLibrary.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("library " + className + " does not implement "
                    + FunctionLibrary.class.getName());
        }
        try {
            return (FunctionLibrary) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw new IllegalArgumentException("library " + className + " could not be made with its public no-argument"
                    + " constructor: " + e, e);
        }
    }
}
