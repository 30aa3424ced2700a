package io.streamz4j.core;

import io.streamz4j.Arguments;
import io.streamz4j.Metadata;
import io.streamz4j.Stream;
import io.streamz4j.Tuple;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * streamz's {@code partition}: emits a tuple of every {@code n} consecutive elements, or, with a
 * key function, of every {@code n} elements sharing a key.
 *
 * <p>Thread safety: runs on the thread that emits into its upstream. Retains the references of the
 * elements it holds and releases them once their tuple has been emitted.
 */
public final class Partition<T> extends Stream<List<T>> {
    private final int n;
    private final Function<? super T, ?> key;
    /** The buffer when there is no key: the common case needs no map lookup. */
    private Group single;
    private final Map<Object, Group> byKey = new HashMap<>();

    public Partition(Stream<? extends T> upstream, int n, Function<? super T, ?> key) {
        super(null, checked(upstream, n));
        this.n = n;
        this.key = key;
        this.single = new Group(n);
    }

    /** Rejects a size that holds nothing before the base constructor connects the node to {@code upstream}. */
    private static Stream<?> checked(Stream<?> upstream, int n) {
        Arguments.requirePositive(n, "partition", "n");
        return upstream;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        Group group = single;
        if (key != null) {
            Object k = applyUserFunction(key, (T) x);
            group = byKey.computeIfAbsent(k, unused -> new Group(n));
        }
        Metadata.retain(metadata, 1);
        group.add(x, metadata);
        if (group.size == n) {
            flush(group);
        }
    }

    private void flush(Group group) {
        Tuple<Object> tuple = Tuple.wrap(group.items);
        List<Map<String, Object>> metadata = group.metadata == null ? Metadata.NONE : group.metadata;
        group.reset(n);
        Stream<?> next = soleDownstream(metadata);
        if (next != null) {
            next.update(tuple, this, metadata);
        } else {
            emitDownstream(tuple, metadata);
        }
        Metadata.release(metadata, 1);
    }

    @Override
    protected String kind() {
        return "partition";
    }

    @Override
    protected String parameter() {
        return Integer.toString(n);
    }

    @Override
    public String graphShape() {
        return "diamond";
    }

    /** The elements gathered towards one tuple; its array becomes the tuple, without a copy. */
    private static final class Group {
        Object[] items;
        int size;
        List<Map<String, Object>> metadata;

        Group(int n) {
            reset(n);
        }

        void add(Object x, List<Map<String, Object>> meta) {
            items[size++] = x;
            if (meta != Metadata.NONE) {
                if (metadata == null) {
                    metadata = new ArrayList<>();
                }
                metadata.addAll(meta);
            }
        }

        void reset(int n) {
            items = new Object[n];
            size = 0;
            metadata = null;
        }
    }
}
