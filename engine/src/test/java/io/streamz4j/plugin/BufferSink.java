package io.streamz4j.plugin;

import io.streamz4j.Sink;
import io.streamz4j.Stream;

import java.util.List;
import java.util.Objects;

/**
 * A test sink plugin, "sink_to_buffer": appends every element to a list the caller passes in.
 *
 * <p>Thread safety: appends on the thread that emits into its upstream.
 */
public final class BufferSink<T> extends Sink<T> {
    private final List<? super T> buffer;

    public BufferSink(Stream<? extends T> upstream, List<? super T> buffer) {
        super(null, upstream);
        this.buffer = Objects.requireNonNull(buffer, "sink_to_buffer: parameter 'buffer' must not be null");
    }

    @Override
    protected void accept(T x) {
        buffer.add(x);
    }

    @Override
    protected String kind() {
        return "sink_to_buffer";
    }
}
