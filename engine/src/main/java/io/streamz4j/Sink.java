package io.streamz4j;

import java.util.List;
import java.util.Map;

/**
 * A node at the end of a pipeline that acts on each element and passes nothing on (streamz's
 * {@code Sink}). Subclasses implement {@link #accept}; a sink that owns a resource (a file)
 * releases it in {@link #onDestroy()}, which {@link #destroy()} and the pipeline's
 * {@link #close()} both reach.
 *
 * <p>Thread safety: {@link #accept} runs on the thread that emits into the pipeline.
 */
public abstract class Sink<T> extends Stream<T> {

    protected Sink(String name, Stream<? extends T> upstream) {
        super(name, upstream);
    }

    /** Acts on one element; the metadata's references are held by the emitter until this returns. */
    protected abstract void accept(T x);

    @Override
    @SuppressWarnings("unchecked")
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        accept((T) x);
    }

    @Override
    public String graphShape() {
        return "trapezium";
    }
}
