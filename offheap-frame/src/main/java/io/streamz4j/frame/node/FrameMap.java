package io.streamz4j.frame.node;

import io.streamz4j.RefCounter;
import io.streamz4j.Stream;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * streamz's {@code map_partitions} for frames: applies a function that makes a new frame from each
 * frame (the function owns its result: a new frame, or the input retained), emits it, and releases
 * it under a ref ({@link FrameRefs}) that it releases when the downstream calls return, so an engine
 * node that holds the element (buffer, sliding_window, ...) keeps the frame alive until it lets go.
 *
 * <p>Thread safety: runs on the thread that emits into its upstream; holds nothing between calls.
 */
public final class FrameMap extends Stream<Frame> {
    private final Function<Frame, Frame> f;
    private final String kind;
    private final Schema declared;

    public FrameMap(Stream<Frame> upstream, String kind, Function<Frame, Frame> f) {
        this(upstream, kind, f, null);
    }

    /**
     * A map whose results must fit {@code declared} (a user function's, for map_partitions): a
     * result that does not is released and refused before it is emitted, since an element whose
     * downstream throws stays retained by the engine's rule and its frame would never be freed.
     */
    public FrameMap(Stream<Frame> upstream, String kind, Function<Frame, Frame> f, Schema declared) {
        super(null, upstream);
        this.f = f;
        this.kind = kind;
        this.declared = declared;
    }

    @Override
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        if (!(x instanceof Frame in)) {
            throw new IllegalArgumentException(this + ": expected a Frame, got "
                    + (x == null ? "null" : x.getClass().getName()));
        }
        Frame out = f.apply(in);
        String why = declared == null ? null : declared.mismatch(out.schema());
        if (why != null) {
            out.release();
            throw new IllegalArgumentException(kind + ": the function's frame does not fit the declared schema: " + why);
        }
        RefCounter ref = FrameRefs.owning(out);
        try {
            emitDownstream(out, FrameRefs.withRef(metadata, ref));
        } finally {
            ref.release();
        }
    }

    @Override
    protected String kind() {
        return kind;
    }
}
