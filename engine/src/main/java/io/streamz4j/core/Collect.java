package io.streamz4j.core;

import io.streamz4j.Metadata;
import io.streamz4j.Stream;
import io.streamz4j.Tuple;
import io.streamz4j.runtime.EventLoop;
import io.streamz4j.runtime.internal.Held;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * streamz's {@code collect}: holds every element until {@link #flush()} emits them all as one
 * tuple. Typically another stream's sink calls flush: {@code other.sink(x -> collector.flush())}.
 *
 * <p>Thread safety: {@link #update} and {@link #flush} must run on the same thread, the one that
 * emits into the pipeline. Retains the references of held elements until they are flushed; when
 * destroyed (or its pipeline closed) without a flush, releases them and counts them as dropped.
 * Its {@link NodeContents} are those elements, one group, oldest first.
 */
public final class Collect<T> extends Stream<List<T>> implements NodeContents {
    private final Held cache = new Held();

    public Collect(Stream<? extends T> upstream) {
        super(null, upstream);
    }

    @Override
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        Metadata.retain(metadata, 1);
        cache.add(x, metadata);
    }

    /**
     * Emits everything held as one tuple (an empty one if nothing is held) and lets it go. The
     * cache is emptied before emitting, so elements that arrive during the emission are kept for
     * the next flush.
     */
    public void flush() {
        Tuple<Object> out = Tuple.wrap(cache.valuesArray());
        List<Map<String, Object>> metadata = cache.allMetadata();
        cache.clear();
        emitDownstream(out, metadata);
        Metadata.release(metadata, 1);
    }

    /** How many elements are waiting for the next flush. */
    public int size() {
        return cache.size();
    }

    @Override
    protected long releaseHeld() {
        return cache.releaseAll();
    }

    @Override
    public List<List<Object>> heldValues() {
        return List.of(Arrays.asList(cache.valuesArray()));
    }

    @Override
    public List<Map<String, Object>> heldMetadata() {
        return cache.allMetadata();
    }

    @Override
    public void restoreHeld(List<List<Object>> groups) {
        cache.restoreOneGroup(this, groups, Integer.MAX_VALUE);
    }

    @Override
    public EventLoop contentsLoop() {
        return runningLoop();
    }

    @Override
    protected String kind() {
        return "collect";
    }
}
