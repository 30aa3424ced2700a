package io.streamz4j.frame;

import io.streamz4j.Stream;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * streamz's {@code map_partitions} for frames: applies a function that makes a new frame from each
 * frame (the function owns its result: a new frame, or the input retained), emits it, and releases
 * its reference when the downstream calls return; a node downstream that keeps it retains it.
 *
 * <p>Thread safety: runs on the thread that emits into its upstream; holds nothing between calls.
 */
public final class FrameMap extends Stream<Frame> {
    private final Function<Frame, Frame> f;
    private final String kind;

    FrameMap(Stream<Frame> upstream, String kind, Function<Frame, Frame> f) {
        super(null, upstream);
        this.f = f;
        this.kind = kind;
    }

    @Override
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        if (!(x instanceof Frame in)) {
            throw new IllegalArgumentException(this + ": expected a Frame, got "
                    + (x == null ? "null" : x.getClass().getName()));
        }
        Frame out = f.apply(in);
        try {
            emitDownstream(out, metadata);
        } finally {
            out.release();
        }
    }

    @Override
    protected String kind() {
        return kind;
    }
}
