package io.streamz4j.core;

import io.streamz4j.Stream;

import java.util.List;
import java.util.Map;

/**
 * streamz's {@code union}: every element of any upstream, passed on as it arrives.
 *
 * <p>Thread safety: runs on the thread that emits into whichever upstream is emitting; all
 * upstreams must share one thread.
 */
public final class Union<T> extends Stream<T> {

    public Union(Stream<? extends T> first, Stream<? extends T>[] others) {
        super(null, Joins.all(first, others, "union"));
    }

    @Override
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        Stream<?> next = soleDownstream(metadata);
        if (next != null) {
            next.update(x, this, metadata);
        } else {
            emitDownstream(x, metadata);
        }
    }

    @Override
    protected String kind() {
        return "union";
    }
}
