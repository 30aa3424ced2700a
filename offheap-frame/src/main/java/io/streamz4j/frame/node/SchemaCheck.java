package io.streamz4j.frame.node;

import io.streamz4j.RefCounter;
import io.streamz4j.Stream;
import io.streamz4j.frame.DataFrame;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;

import java.util.List;
import java.util.Map;

/**
 * The entry of a {@link DataFrame}: passes frames that fit the schema (the streamz example) and
 * refuses anything else with an IllegalArgumentException naming the first wrong column, before any
 * state downstream has changed, so what was accepted before stays accepted.
 *
 * <p>Thread safety: runs on the thread that emits into its upstream; holds nothing.
 */
public final class SchemaCheck extends Stream<Frame> {
    private final Schema schema;

    public SchemaCheck(Stream<?> upstream, Schema schema) {
        super(null, upstream);
        this.schema = schema;
    }

    @Override
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        if (!(x instanceof Frame frame)) {
            throw new IllegalArgumentException("DataFrame with example " + schema + " was given "
                    + (x == null ? "null" : x.getClass().getName() + " " + x) + ", not a Frame");
        }
        String why = schema.mismatch(frame.schema());
        if (why != null) {
            throw new IllegalArgumentException("frame does not fit the DataFrame's schema: " + why);
        }
        // The caller only lends the frame for this call; a ref lets holding nodes below keep it longer.
        RefCounter ref = FrameRefs.owning(frame.retain());
        try {
            emitDownstream(frame, FrameRefs.withRef(metadata, ref));
        } finally {
            ref.release();
        }
    }

    @Override
    protected String kind() {
        return "to_dataframe";
    }
}
