package io.streamz4j.core;

import io.streamz4j.Arguments;
import io.streamz4j.Stream;
import io.streamz4j.runtime.internal.Backpressure;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * streamz's {@code map} with a coroutine function: starts asynchronous work for each element,
 * waits for its result and emits it. Waiting keeps the results in order and keeps every node
 * below on the emitting thread; the producer is held back meanwhile.
 *
 * <p>Thread safety: runs on the thread that emits into its upstream; holds nothing.
 */
public final class MapAsync<I, O> extends Stream<O> {
    private final Function<? super I, ? extends CompletionStage<? extends O>> f;

    public MapAsync(Stream<? extends I> upstream, Function<? super I, ? extends CompletionStage<? extends O>> f) {
        super(null, checked(upstream, f));
        this.f = f;
    }

    private static Stream<?> checked(Stream<?> upstream, Function<?, ?> f) {
        Arguments.requireNonNull(f, "map_async", "f");
        return upstream;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        O result;
        try {
            CompletionStage<? extends O> stage = f.apply((I) x);
            if (stage == null) {
                throw new IllegalStateException(this + ": the function returned null instead of a CompletionStage");
            }
            result = Backpressure.join(stage);
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
        return "map_async";
    }
}
