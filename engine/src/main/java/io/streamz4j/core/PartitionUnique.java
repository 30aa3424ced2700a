package io.streamz4j.core;

import io.streamz4j.Arguments;
import io.streamz4j.Metadata;
import io.streamz4j.Stream;
import io.streamz4j.runtime.EventLoop;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * streamz's {@code partition_unique}: emits a tuple once {@code n} elements with distinct keys have
 * arrived. Of elements sharing a key, the first or the last is kept; the tuple keeps the order in
 * which the kept elements arrived.
 *
 * <p>Thread safety: runs on the thread that emits into its upstream. Retains the references of the
 * elements it keeps, releases those of a repeat as soon as it is dropped, and releases the rest
 * once their tuple has been emitted. (streamz 0.6.4 never releases them; this node does.) Its
 * {@link NodeContents} are the kept elements, one group in the order of their keys; restored ones
 * are keyed again with the key function.
 */
public final class PartitionUnique<T> extends Stream<List<T>> implements NodeContents {
    /** Which element of several sharing a key stays in the tuple. */
    public enum Keep { FIRST, LAST }

    private final int n;
    private final Function<? super T, ?> key;
    private final KeyedHold held;

    public PartitionUnique(Stream<? extends T> upstream, int n, Function<? super T, ?> key, Keep keep) {
        super(null, checked(upstream, n, key, keep));
        this.n = n;
        this.key = key;
        this.held = new KeyedHold(keep);
    }

    /** Rejects bad arguments before the base constructor connects the node to {@code upstream}. */
    private static Stream<?> checked(Stream<?> upstream, int n, Function<?, ?> key, Keep keep) {
        Arguments.requirePositive(n, "partition_unique", "n");
        Arguments.requireNonNull(key, "partition_unique", "key");
        Arguments.requireNonNull(keep, "partition_unique", "keep");
        return upstream;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void update(Object x, Stream<?> who, List<Map<String, Object>> md) {
        held.offer(applyUserFunction(key, (T) x), x, md);
        if (held.size() == n) {
            held.drainTo((tuple, combined) -> {
                emitDownstream(tuple, combined);
                Metadata.release(combined, 1);
            });
        }
    }

    @Override
    protected long releaseHeld() {
        return held.releaseAll();
    }

    @Override
    public List<List<Object>> heldValues() {
        return held.heldValues();
    }

    @Override
    public List<Map<String, Object>> heldMetadata() {
        return held.heldMetadata();
    }

    @Override
    @SuppressWarnings("unchecked")
    public void restoreHeld(List<List<Object>> groups) {
        held.restore(this, groups, n - 1, x -> key.apply((T) x));
    }

    @Override
    public EventLoop contentsLoop() {
        return runningLoop();
    }

    @Override
    protected String kind() {
        return "partition_unique";
    }

    @Override
    protected String parameter() {
        return Integer.toString(n);
    }

    @Override
    public String graphShape() {
        return "diamond";
    }
}
