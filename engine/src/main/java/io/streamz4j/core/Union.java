package io.streamz4j.core;

import io.streamz4j.Stream;

/**
 * streamz's {@code union}: every element of any upstream, passed on as it arrives (the base
 * node's pass-through {@code update}).
 *
 * <p>Thread safety: runs on the thread that emits into whichever upstream is emitting when all
 * upstreams run on one thread; when they run on different threads (a buffer, a loop, a thread-safe
 * source upstream), a multi-producer ring is put in front of it and its own thread runs it.
 */
public final class Union<T> extends Stream<T> {

    public Union(Stream<? extends T> first, Stream<? extends T>[] others) {
        super(null, Joins.all(first, others, "union"));
        gateIfThreadsDiffer();
    }

    @Override
    protected String kind() {
        return "union";
    }
}
