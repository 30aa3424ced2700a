package io.streamz4j.core;

import io.streamz4j.Arguments;
import io.streamz4j.Metadata;
import io.streamz4j.Stream;
import io.streamz4j.Tuple;
import io.streamz4j.runtime.EventLoop;
import io.streamz4j.runtime.internal.Held;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * streamz's {@code sliding_window}: emits a tuple of the last {@code n} elements after each
 * element; with {@code returnPartial} false only once {@code n} have arrived.
 *
 * <p>Thread safety: runs on the thread that emits into its upstream. Retains the references of
 * the elements in its window and releases the oldest once a full window has been emitted, as
 * streamz does; elements put back by {@link #restoreHeld} hold none and release nothing. When
 * destroyed, releases the references of the window's elements.
 */
public final class SlidingWindow<T> extends Stream<List<T>> implements WindowContents {
    private final int n;
    private final boolean returnPartial;
    private final Held window = new Held();

    public SlidingWindow(Stream<? extends T> upstream, int n, boolean returnPartial) {
        super(null, checked(upstream, n));
        this.n = n;
        this.returnPartial = returnPartial;
    }

    /** Rejects a window that holds nothing before the base constructor connects the node to {@code upstream}. */
    private static Stream<?> checked(Stream<?> upstream, int n) {
        Arguments.requirePositive(n, "sliding_window", "n");
        return upstream;
    }

    @Override
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        Metadata.retain(metadata, 1);
        if (window.size() == n) {
            // The oldest element's references were released when the last full window went out.
            window.removeFirst();
        }
        window.add(x, metadata);
        if (returnPartial || window.size() == n) {
            List<Map<String, Object>> combined = window.allMetadata();
            Tuple<Object> tuple = Tuple.wrap(window.valuesArray());
            Stream<?> next = soleDownstream(combined);
            if (next != null) {
                next.update(tuple, this, combined);
            } else {
                emitDownstream(tuple, combined);
            }
            if (window.size() == n) {
                Metadata.release(window.peekMetadata(), 1);
                window.forgetFirstMetadata();
            }
        }
    }

    /**
     * Releases the window; its elements count as dropped only if none of them went out yet (a
     * window that waits to fill up), since once full every element has been in an emitted window.
     */
    @Override
    protected long releaseHeld() {
        int neverEmitted = !returnPartial && window.size() < n ? window.size() : 0;
        window.releaseAll();
        return neverEmitted;
    }

    @Override
    public List<List<Object>> heldValues() {
        return List.of(Arrays.asList(window.valuesArray()));
    }

    /** The oldest value's metadata is forgotten once its last full window went out, so it is not here. */
    @Override
    public List<Map<String, Object>> heldMetadata() {
        return window.allMetadata();
    }

    @Override
    public void restoreHeld(List<List<Object>> groups) {
        window.restoreOneGroup(this, groups, n);
    }

    @Override
    public EventLoop contentsLoop() {
        return runningLoop();
    }

    @Override
    protected String kind() {
        return "sliding_window";
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
