package io.streamz4j.core;

import io.streamz4j.Arguments;
import io.streamz4j.Stream;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * streamz's {@code starmap}: spreads each tuple over the arguments of a function.
 *
 * <p>Thread safety: runs on the thread that emits into its upstream; holds nothing.
 */
public final class Starmap<R> extends Stream<R> {
    private final int arity;
    private final Function<Object[], R> f;

    /** {@code arity} is the number of items each element must have, or -1 for any number. */
    public Starmap(Stream<?> upstream, int arity, Function<Object[], R> f) {
        super(null, checked(upstream, f));
        this.arity = arity;
        this.f = f;
    }

    /** Rejects a null function before the base constructor connects the node to {@code upstream}. */
    private static Stream<?> checked(Stream<?> upstream, Function<?, ?> f) {
        Arguments.requireNonNull(f, "starmap", "f");
        return upstream;
    }

    /** Item {@code i} of the spread arguments, cast to what the user's function takes. */
    @SuppressWarnings("unchecked")
    public static <A> A item(Object[] items, int i) {
        return (A) items[i];
    }

    @Override
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        Object[] items = spread(x);
        R result;
        try {
            result = f.apply(items);
        } catch (RuntimeException | Error e) {
            reportFailure(x, e);
            throw e;
        }
        Stream<?> next = soleDownstream(metadata);
        if (next != null) {
            next.update(result, this, metadata);
        } else {
            emitDownstream(result, metadata);
        }
    }

    private Object[] spread(Object x) {
        Object[] items;
        if (x instanceof Object[] array) {
            items = array;
        } else if (x instanceof Collection<?> collection) {
            items = collection.toArray();
        } else {
            throw refused(x, new IllegalArgumentException(this + ": element must be a tuple (a List or an array), got "
                    + (x == null ? "null" : x.getClass().getName())));
        }
        if (arity >= 0 && items.length != arity) {
            throw refused(x, new IllegalArgumentException(this + ": element must have " + arity + " items, got "
                    + items.length + ": " + x));
        }
        return items;
    }

    @Override
    protected String kind() {
        return "starmap";
    }
}
