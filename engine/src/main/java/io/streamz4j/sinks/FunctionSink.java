package io.streamz4j.sinks;

import io.streamz4j.Arguments;
import io.streamz4j.Sink;
import io.streamz4j.Stream;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * streamz's {@code sink}: calls a function on every element.
 *
 * <p>Thread safety: runs on the thread that emits into its upstream; holds nothing.
 */
public final class FunctionSink<T> extends Sink<T> {
    private final Consumer<? super T> f;

    public FunctionSink(Stream<? extends T> upstream, Consumer<? super T> f) {
        super(null, checked(upstream, f));
        this.f = f;
    }

    /** Rejects a null function before the base constructor connects the node to {@code upstream}. */
    private static <U extends Stream<?>> U checked(U upstream, Consumer<?> f) {
        Arguments.requireNonNull(f, "sink", "f");
        return upstream;
    }

    // Overridden, not left to Sink.accept, so this class's own call site reaches the user function.
    @Override
    @SuppressWarnings("unchecked")
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        try {
            f.accept((T) x);
        } catch (RuntimeException | Error e) {
            reportFailure(x, e);
            throw e;
        }
    }

    @Override
    protected void accept(T x) {
        f.accept(x);
    }

    @Override
    protected String kind() {
        return "sink";
    }
}
