package io.streamz4j.frame.node;

import io.streamz4j.RefCounter;
import io.streamz4j.Stream;
import io.streamz4j.frame.Batch;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;

import org.apache.arrow.memory.BufferAllocator;

import java.util.List;
import java.util.Map;

/**
 * The node of {@link Batch#toDataFrame}: builds a frame from each list of records and emits it under
 * a metadata ref ({@link FrameRefs}), released when the downstream calls return. A record that does
 * not fit the schema is refused, naming the column, before anything is emitted.
 *
 * <p>Thread safety: runs on the thread that emits into its upstream; holds nothing between calls.
 */
public final class RecordsToFrame extends Stream<Frame> {
    private final Schema schema;
    private final BufferAllocator allocator;

    public RecordsToFrame(Stream<List<Map<String, ?>>> upstream, Schema schema, BufferAllocator allocator) {
        super(null, upstream);
        this.schema = schema;
        this.allocator = allocator;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        if (!(x instanceof List<?> records)) {
            throw new IllegalArgumentException(this + ": expected a list of records, got "
                    + (x == null ? "null" : x.getClass().getName()));
        }
        Frame frame = Frame.fromRecords(schema, (List<? extends Map<String, ?>>) records, allocator);
        RefCounter ref = FrameRefs.owning(frame);
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
