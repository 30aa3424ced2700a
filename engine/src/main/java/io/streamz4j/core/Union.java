package io.streamz4j.core;

import io.streamz4j.Stream;

/**
 * streamz's {@code union}: every element of any upstream, passed on as it arrives (the base
 * node's pass-through {@code update}).
 *
 * <p>Thread safety: runs on the thread that emits into whichever upstream is emitting; all
 * upstreams must share one thread.
 */
public final class Union<T> extends Stream<T> {

    public Union(Stream<? extends T> first, Stream<? extends T>[] others) {
        super(null, Joins.all(first, others, "union"));
    }

    @Override
    protected String kind() {
        return "union";
    }
}
