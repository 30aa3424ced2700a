package io.streamz4j.core;

import io.streamz4j.Arguments;
import io.streamz4j.Stream;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * streamz's {@code slice}: passes on elements by position, like {@code list[start:end:step]} with
 * streamz's own rules, which this node keeps so results agree: the step counts from position 0,
 * not from {@code start} ({@code slice(1, null, 2)} passes positions 2, 4, 6...); a step of 0 means
 * 1; an end of 0 or null means no end. Once {@code end} elements have passed by, the node
 * disconnects itself from its upstreams.
 *
 * <p>Thread safety: runs on the thread that emits into its upstream. Its position is state no
 * snapshot stores (a restarted slice counts from 0 again), so it is {@link KeepsState}.
 */
public final class Slice<T> extends Stream<T> implements KeepsState {
    private final int start;
    private final int end;
    private final int step;
    private long position;

    public Slice(Stream<? extends T> upstream, int start, Integer end, int step) {
        super(null, checked(upstream, start, end, step));
        this.start = start;
        this.end = end == null ? 0 : end;
        this.step = step == 0 ? 1 : step;
    }

    /**
     * Rejects negative positions before the base constructor connects the node to
     * {@code upstream}, as streamz raises before connecting.
     */
    private static Stream<?> checked(Stream<?> upstream, int start, Integer end, int step) {
        Arguments.requireNonNegative(start, "slice", "start");
        if (end != null) {
            Arguments.requireNonNegative(end, "slice", "end");
        }
        Arguments.requireNonNegative(step, "slice", "step");
        return upstream;
    }

    @Override
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        if (position >= start && position % step == 0) {
            Stream<?> next = soleDownstream(metadata);
            if (next != null) {
                next.update(x, this, metadata);
            } else {
                emitDownstream(x, metadata);
            }
        }
        position++;
        if (end != 0 && position >= end) {
            for (Stream<?> upstream : new ArrayList<>(upstreams())) {
                upstream.disconnect(this);
            }
        }
    }

    @Override
    protected String kind() {
        return "slice";
    }
}
