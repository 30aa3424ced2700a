package io.streamz4j.core;

import io.streamz4j.Arguments;
import io.streamz4j.Stream;
import io.streamz4j.Tuple;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * streamz's {@code pluck}: picks one key, or a list of keys into a tuple, out of each element. A
 * key is an index of a list or object array (negative counts from the end, as in Python) or a key
 * of a map; a missing one fails with an error naming the node and the key.
 *
 * <p>Thread safety: runs on the thread that emits into its upstream; holds nothing.
 */
public final class Pluck<R> extends Stream<R> {
    private final Object key;
    private final Object[] keys;

    private Pluck(Stream<?> upstream, Object key, Object[] keys) {
        super(null, upstream);
        this.key = key;
        this.keys = keys;
    }

    public static <R> Pluck<R> one(Stream<?> upstream, Object key) {
        return new Pluck<>(upstream, key, null);
    }

    public static Pluck<List<Object>> many(Stream<?> upstream, List<?> keys) {
        Arguments.requireNonNull(keys, "pluck", "keys");
        return new Pluck<>(upstream, null, keys.toArray());
    }

    @Override
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        Object picked;
        if (keys == null) {
            picked = pick(x, key);
        } else {
            Object[] items = new Object[keys.length];
            for (int i = 0; i < keys.length; i++) {
                items[i] = pick(x, keys[i]);
            }
            picked = Tuple.wrap(items);
        }
        Stream<?> next = soleDownstream(metadata);
        if (next != null) {
            next.update(picked, this, metadata);
        } else {
            emitDownstream(picked, metadata);
        }
    }

    private Object pick(Object x, Object k) {
        if (x instanceof Map<?, ?> map) {
            Object value = map.get(k);
            if (value == null && !map.containsKey(k)) {
                throw refused(x, new NoSuchElementException(this + ": key " + k + " is not in element " + x));
            }
            return value;
        }
        if (x instanceof List<?> list) {
            return list.get(index(k, list.size(), x));
        }
        if (x instanceof Object[] array) {
            return array[index(k, array.length, x)];
        }
        throw refused(x, new IllegalArgumentException(this + ": element must be a List, an array or a Map, got "
                + (x == null ? "null" : x.getClass().getName())));
    }

    private int index(Object k, int size, Object x) {
        if (!(k instanceof Integer position)) {
            throw refused(x, new IllegalArgumentException(this + ": a list is picked by an Integer index, got " + k));
        }
        int i = position < 0 ? size + position : position;
        if (i < 0 || i >= size) {
            throw refused(x, new IndexOutOfBoundsException(this + ": index " + k + " is out of range for element " + x));
        }
        return i;
    }

    @Override
    protected String kind() {
        return "pluck";
    }
}
