package io.streamz4j.core;

import io.streamz4j.Metadata;
import io.streamz4j.Stream;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * streamz's {@code flatten}: emits each item of each element, which must be an {@link Iterable}
 * or an object array. The element's metadata travels with its last item only, as in streamz, so
 * its references are released once the whole element has been passed on.
 *
 * <p>Thread safety: runs on the thread that emits into its upstream; holds nothing.
 */
public final class Flatten<U> extends Stream<U> {

    public Flatten(Stream<?> upstream) {
        super(null, upstream);
    }

    @Override
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        if (x instanceof List<?> list && list instanceof RandomAccess) {
            int last = list.size() - 1;
            for (int i = 0; i <= last; i++) {
                pass(list.get(i), i == last ? metadata : Metadata.NONE);
            }
        } else if (x instanceof Iterable<?> iterable) {
            Iterator<?> items = iterable.iterator();
            while (items.hasNext()) {
                Object item = items.next();
                pass(item, items.hasNext() ? Metadata.NONE : metadata);
            }
        } else if (x instanceof Object[] array) {
            int last = array.length - 1;
            for (int i = 0; i <= last; i++) {
                pass(array[i], i == last ? metadata : Metadata.NONE);
            }
        } else {
            throw refused(x, new IllegalArgumentException(this + ": element must be an Iterable or an object array, got "
                    + (x == null ? "null" : x.getClass().getName() + " " + x)));
        }
    }

    private void pass(Object item, List<Map<String, Object>> metadata) {
        Stream<?> next = soleDownstream(metadata);
        if (next != null) {
            next.update(item, this, metadata);
        } else {
            emitDownstream(item, metadata);
        }
    }

    @Override
    protected String kind() {
        return "flatten";
    }
}
