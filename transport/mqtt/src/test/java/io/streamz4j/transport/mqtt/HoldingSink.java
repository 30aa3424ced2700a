package io.streamz4j.transport.mqtt;

import io.streamz4j.Metadata;
import io.streamz4j.RefCounter;
import io.streamz4j.Sink;
import io.streamz4j.Stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A sink that keeps every element and retains its references until {@link #releaseAll()}, as a
 * buffer or a window keeps elements it has not let go: what a source must not acknowledge yet.
 *
 * <p>Thread safety: update runs on the pipeline's thread; the accessors synchronise with it.
 */
final class HoldingSink<T> extends Sink<T> {
    private final List<T> seen = new ArrayList<>();
    private final List<List<Map<String, Object>>> held = new ArrayList<>();

    HoldingSink(Stream<? extends T> upstream) {
        super(null, upstream);
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        Metadata.retain(metadata, 1);
        held.add(metadata);
        seen.add((T) x);
    }

    @Override
    protected void accept(T x) {
        throw new UnsupportedOperationException("update keeps the metadata");
    }

    synchronized List<T> seen() {
        return List.copyOf(seen);
    }

    /** The reference counters of the held elements. */
    synchronized List<RefCounter> refs() {
        return held.stream().map(m -> (RefCounter) m.get(0).get(Metadata.REF)).toList();
    }

    synchronized void releaseAll() {
        for (List<Map<String, Object>> m : held) {
            Metadata.release(m, 1);
        }
        held.clear();
    }
}
