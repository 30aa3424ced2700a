package io.streamz4j.transport.scatter;

import java.util.Locale;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A function with a registered name, so that a scattered pipeline can name it to worker processes
 * that run the same jar (functions never travel as serialized lambdas). Each kind implements its
 * {@code java.util.function} interface, so the same constant runs in a local pipeline
 * ({@code source.map(INC)}) and in a scattered one ({@code source.scatter().map(INC).gather()}).
 * Register the constants in a {@link FunctionTable} from a {@link FunctionLibrary}.
 *
 * <p>A name is 1 to 200 characters of letters, digits and {@code . _ - : / $}, e.g.
 * {@code "com.example.inc"}.
 *
 * <p>Thread safety: immutable; the wrapped function is called from whichever thread runs the step
 * (a worker's polling thread, or the local pipeline's emitting thread).
 */
public abstract sealed class RemoteFunction permits RemoteFunction.Mapper, RemoteFunction.Filter,
        RemoteFunction.Starmapper, RemoteFunction.Accumulator {
    /** The longest name accepted. */
    public static final int MAX_NAME_LENGTH = 200;

    /** What a step does with its function; the codes are the PROGRAM message's step kinds. */
    public enum Kind {
        MAP(1), FILTER(2), STARMAP(3), FLATTEN(4), ACCUMULATE(5);

        private final byte code;

        Kind(int code) {
            this.code = (byte) code;
        }

        public byte code() {
            return code;
        }

        /** The kind of a step code, or null for a code that is none. */
        public static Kind ofCode(byte code) {
            return code >= 1 && code <= 5 ? values()[code - 1] : null;
        }
    }

    private final String name;
    private final Kind kind;

    private RemoteFunction(String factory, String name, Kind kind, Object function) {
        this.name = requireName(factory, name);
        this.kind = kind;
        Objects.requireNonNull(function, () -> "RemoteFunction." + factory + "(\"" + name + "\"): the function is null");
    }

    /** A map step's function (streamz: map). */
    public static <T, R> Mapper<T, R> map(String name, Function<? super T, ? extends R> f) {
        return new Mapper<>(name, f);
    }

    /** A filter step's predicate (streamz: filter); an element it refuses gives no result. */
    public static <T> Filter<T> filter(String name, Predicate<? super T> p) {
        return new Filter<>(name, p);
    }

    /** A starmap step's function: the element (a List or Tuple) is spread as its arguments (streamz: starmap). */
    public static <R> Starmapper<R> starmap(String name, Function<Object[], ? extends R> f) {
        return new Starmapper<>(name, f);
    }

    /**
     * An accumulate step's function and start state (streamz: accumulate with start): each element
     * gives {@code state = f(state, x)}, emitted. The start is part of the registration, and must
     * be a {@link WireTypes wire type}, as every state is (it travels as the key's snapshot).
     */
    public static <S, T> Accumulator<S, T> accumulate(String name, BiFunction<S, ? super T, S> f, S start) {
        return new Accumulator<>(name, f, start, true);
    }

    /** An accumulate step without a start (streamz: accumulate): a key's first element is its first state, emitted as is. */
    public static <T> Reducer<T> accumulate(String name, BinaryOperator<T> f) {
        return new Reducer<>(name, f);
    }

    public final String name() {
        return name;
    }

    public final Kind kind() {
        return kind;
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + " '" + name + "'";
    }

    private static String requireName(String factory, String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("RemoteFunction." + factory + ": name must be 1 to " + MAX_NAME_LENGTH
                    + " characters, got " + (name == null ? "null" : name.length() + ": \"" + name + "\""));
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && ".-_:/$".indexOf(c) < 0) {
                throw new IllegalArgumentException("RemoteFunction." + factory + ": name \"" + name + "\" has '" + c
                        + "' at " + i + "; a name is letters, digits and . _ - : / $");
            }
        }
        return name;
    }

    /** A named map function. */
    public static final class Mapper<T, R> extends RemoteFunction implements Function<T, R> {
        private final Function<? super T, ? extends R> f;

        private Mapper(String name, Function<? super T, ? extends R> f) {
            super("map", name, Kind.MAP, f);
            this.f = f;
        }

        @Override
        public R apply(T x) {
            return f.apply(x);
        }
    }

    /** A named filter predicate. */
    public static final class Filter<T> extends RemoteFunction implements Predicate<T> {
        private final Predicate<? super T> p;

        private Filter(String name, Predicate<? super T> p) {
            super("filter", name, Kind.FILTER, p);
            this.p = p;
        }

        @Override
        public boolean test(T x) {
            return p.test(x);
        }
    }

    /** A named starmap function, taking the element's items as its arguments. */
    public static final class Starmapper<R> extends RemoteFunction implements Function<Object[], R> {
        private final Function<Object[], ? extends R> f;

        private Starmapper(String name, Function<Object[], ? extends R> f) {
            super("starmap", name, Kind.STARMAP, f);
            this.f = f;
        }

        @Override
        public R apply(Object[] arguments) {
            return f.apply(arguments);
        }
    }

    /** A named accumulate function with its start state ({@link #hasStart()} false: the first element starts). */
    public static sealed class Accumulator<S, T> extends RemoteFunction implements BiFunction<S, T, S>
            permits Reducer {
        private final BiFunction<S, ? super T, S> f;
        private final S start;
        private final boolean hasStart;

        private Accumulator(String name, BiFunction<S, ? super T, S> f, S start, boolean hasStart) {
            super("accumulate", name, Kind.ACCUMULATE, f);
            if (hasStart && WireTypes.tagOf(start) < 0) {
                throw new IllegalArgumentException("RemoteFunction.accumulate(\"" + name + "\"): start must be a wire type"
                        + " (the state travels as the key's snapshot), got " + start.getClass().getName());
            }
            this.f = f;
            this.start = start;
            this.hasStart = hasStart;
        }

        @Override
        public S apply(S state, T x) {
            return f.apply(state, x);
        }

        public boolean hasStart() {
            return hasStart;
        }

        /** The start state (null when {@link #hasStart()} is false). */
        public S start() {
            return start;
        }
    }

    /** A named accumulate function without a start, usable where a {@link BinaryOperator} is. */
    public static final class Reducer<T> extends Accumulator<T, T> implements BinaryOperator<T> {
        private Reducer(String name, BinaryOperator<T> f) {
            super(name, f, null, false);
        }
    }
}
