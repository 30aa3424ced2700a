package io.streamz4j.plugin;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Picks the public constructor that accepts a plugin's arguments and calls it. A parameter
 * accepts an argument that is an instance of its type, null for any reference type, and a boxed
 * number for its primitive or a wider one ({@code Integer} for {@code int}, {@code long} or
 * {@code double}), as a Java call with that literal would. Of several that accept, the most
 * specific wins (every parameter at least as specific: a subclass over its superclass,
 * {@code int} over {@code long} and over {@code Integer} or {@code Object}); if none is, the call
 * is ambiguous. Varargs constructors are matched as their array parameter, nothing more.
 *
 * <p>Thread safety: stateless.
 */
final class Constructors {
    /** Widening primitive conversions (JLS 5.1.2), each primitive to the ones it widens to. */
    private static final Map<Class<?>, List<Class<?>>> WIDENS_TO = Map.of(
            byte.class, List.of(short.class, int.class, long.class, float.class, double.class),
            short.class, List.of(int.class, long.class, float.class, double.class),
            char.class, List.of(int.class, long.class, float.class, double.class),
            int.class, List.of(long.class, float.class, double.class),
            long.class, List.of(float.class, double.class),
            float.class, List.of(double.class));

    private static final Map<Class<?>, Class<?>> PRIMITIVE_OF = Map.of(
            Boolean.class, boolean.class, Byte.class, byte.class, Short.class, short.class,
            Character.class, char.class, Integer.class, int.class, Long.class, long.class,
            Float.class, float.class, Double.class, double.class);

    private static final Map<Class<?>, Class<?>> WRAPPER_OF = Map.of(
            boolean.class, Boolean.class, byte.class, Byte.class, short.class, Short.class,
            char.class, Character.class, int.class, Integer.class, long.class, Long.class,
            float.class, Float.class, double.class, Double.class);

    private Constructors() {
    }

    /**
     * The constructor among {@code candidates} to call with {@code args}.
     *
     * @param what the plugin, for error messages
     * @param how  how the arguments were made up, for error messages, e.g. "(upstream, args...)"
     * @throws IllegalArgumentException when none accepts the arguments, or several equally well;
     *                                  the message lists the constructors there are
     */
    static Constructor<?> choose(Constructor<?>[] candidates, Object[] args, String what, String how) {
        List<Constructor<?>> applicable = new ArrayList<>();
        for (Constructor<?> candidate : candidates) {
            if (accepts(candidate.getParameterTypes(), args)) {
                applicable.add(candidate);
            }
        }
        if (applicable.size() == 1) {
            return applicable.get(0);
        }
        if (applicable.isEmpty()) {
            throw new IllegalArgumentException(what + ": no public constructor accepts "
                    + describeArguments(args) + "; it is called with " + how
                    + ". Public constructors: " + describe(Arrays.asList(candidates)));
        }
        List<Constructor<?>> mostSpecific = new ArrayList<>();
        for (Constructor<?> candidate : applicable) {
            boolean beatsAll = true;
            for (Constructor<?> other : applicable) {
                if (other != candidate && !atLeastAsSpecific(candidate, other)) {
                    beatsAll = false;
                    break;
                }
            }
            if (beatsAll) {
                mostSpecific.add(candidate);
            }
        }
        if (mostSpecific.size() == 1) {
            return mostSpecific.get(0);
        }
        throw new IllegalArgumentException(what + ": the arguments " + describeArguments(args)
                + " are ambiguous between the constructors " + describe(applicable));
    }

    /**
     * Calls {@code constructor}. An exception the constructor throws reaches the caller
     * unchanged, checked ones included, as it would in streamz.
     */
    static Object newInstance(Constructor<?> constructor, Object[] args, String what) {
        try {
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw Constructors.<RuntimeException>rethrow(e.getCause());
        } catch (IllegalAccessException e) {
            throw new PluginLoadException(what + ": constructor " + describe(List.of(constructor))
                    + " is not accessible: " + e.getMessage(), e);
        } catch (InstantiationException e) {
            throw new PluginLoadException(what + ": cannot be instantiated: " + e, e);
        }
    }

    static boolean accepts(Class<?>[] parameters, Object[] args) {
        if (parameters.length != args.length) {
            return false;
        }
        for (int i = 0; i < parameters.length; i++) {
            if (!accepts(parameters[i], args[i])) {
                return false;
            }
        }
        return true;
    }

    static boolean accepts(Class<?> parameter, Object arg) {
        if (arg == null) {
            return !parameter.isPrimitive();
        }
        if (parameter.isPrimitive()) {
            Class<?> primitive = PRIMITIVE_OF.get(arg.getClass());
            return primitive != null && (primitive == parameter || widens(primitive, parameter));
        }
        return parameter.isInstance(arg);
    }

    private static boolean atLeastAsSpecific(Constructor<?> a, Constructor<?> b) {
        Class<?>[] pa = a.getParameterTypes();
        Class<?>[] pb = b.getParameterTypes();
        for (int i = 0; i < pa.length; i++) {
            if (!atLeastAsSpecific(pa[i], pb[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean atLeastAsSpecific(Class<?> a, Class<?> b) {
        if (a == b) {
            return true;
        }
        if (a.isPrimitive()) {
            return b.isPrimitive() ? widens(a, b) : b.isAssignableFrom(WRAPPER_OF.get(a));
        }
        return !b.isPrimitive() && b.isAssignableFrom(a);
    }

    private static boolean widens(Class<?> from, Class<?> to) {
        return WIDENS_TO.getOrDefault(from, List.of()).contains(to);
    }

    private static String describeArguments(Object[] args) {
        StringJoiner types = new StringJoiner(", ", "(", ")");
        for (Object arg : args) {
            types.add(arg == null ? "null" : arg.getClass().getTypeName());
        }
        return types.toString();
    }

    private static String describe(List<Constructor<?>> constructors) {
        if (constructors.isEmpty()) {
            return "none";
        }
        StringJoiner all = new StringJoiner("; ");
        for (Constructor<?> constructor : constructors) {
            StringJoiner parameters = new StringJoiner(", ",
                    constructor.getDeclaringClass().getSimpleName() + "(", ")");
            for (Class<?> parameter : constructor.getParameterTypes()) {
                parameters.add(parameter.getTypeName());
            }
            all.add(parameters.toString());
        }
        return all.toString();
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> E rethrow(Throwable error) throws E {
        throw (E) error;
    }
}
