package io.streamz4j.core;

import io.streamz4j.Arguments;
import io.streamz4j.Stream;

import java.util.List;
import java.util.function.Function;

/**
 * streamz's {@code map}: applies a function to every element and emits the result.
 *
 * <p>Thread safety: runs on the thread that emits into its upstream; holds nothing.
 */
public final class Map<I, O> extends Stream<O> {
    private final Function<? super I, ? extends O> f;

    public Map(Stream<? extends I> upstream, Function<? super I, ? extends O> f) {
        super(null, checked(upstream, f));
        this.f = f;
    }

    /** Rejects a null function before the base constructor connects the node to {@code upstream}. */
    private static Stream<?> checked(Stream<?> upstream, Function<?, ?> f) {
        Arguments.requireNonNull(f, "map", "f");
        return upstream;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void update(Object x, Stream<?> who, List<java.util.Map<String, Object>> metadata) {
        O result;
        try {
            result = f.apply((I) x);
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

    @Override
    protected String kind() {
        return "map";
    }
}
