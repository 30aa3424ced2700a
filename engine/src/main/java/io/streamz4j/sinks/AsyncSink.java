package io.streamz4j.sinks;

import io.streamz4j.Arguments;
import io.streamz4j.Sink;
import io.streamz4j.Stream;
import io.streamz4j.runtime.internal.Backpressure;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * streamz's {@code sink} with a coroutine function: calls a function that starts asynchronous work
 * (a database write) and hands its {@link CompletionStage} back to the emitter. Inside
 * {@code emitAsync} the emitter's future waits for it; everywhere else the sink waits in place, so
 * a slow write slows whoever feeds the sink (streamz's {@code write_to_database} example).
 *
 * <p>Thread safety: runs on the thread that emits into its upstream.
 */
public final class AsyncSink<T> extends Sink<T> {
    private final Function<? super T, ? extends CompletionStage<?>> f;

    public AsyncSink(Stream<? extends T> upstream, Function<? super T, ? extends CompletionStage<?>> f) {
        super(null, checked(upstream, f));
        this.f = f;
    }

    private static <U> Stream<U> checked(Stream<U> upstream, Function<?, ?> f) {
        Arguments.requireNonNull(f, "sink_async", "f");
        return upstream;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        accept((T) x);
    }

    @Override
    protected void accept(T x) {
        try {
            CompletionStage<?> stage = f.apply(x);
            if (stage == null) {
                throw new IllegalStateException(this + ": the function returned null instead of a CompletionStage");
            }
            Backpressure.await(stage);
        } catch (RuntimeException | Error e) {
            reportFailure(x, e);
            throw e;
        }
    }

    @Override
    protected String kind() {
        return "sink";
    }
}
