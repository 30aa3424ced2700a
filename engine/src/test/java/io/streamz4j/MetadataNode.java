package io.streamz4j;

import java.util.List;
import java.util.Map;

/**
 * Test helper, the Java twin of {@code streamz.utils_test.metadata}: a node that, for every element
 * arriving with non-empty metadata, emits that metadata list itself (with no metadata of its own)
 * and drops elements that carry none.
 *
 * <p>Thread safety: runs on the thread that emits into its upstream; holds nothing.
 */
final class MetadataNode extends Stream<List<Map<String, Object>>> {

    MetadataNode(Stream<?> upstream) {
        super(null, upstream);
    }

    /** streamz's {@code metadata(stream)}. */
    static MetadataNode metadata(Stream<?> upstream) {
        return new MetadataNode(upstream);
    }

    @Override
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        if (metadata != null && !metadata.isEmpty()) {
            emitDownstream(metadata, Metadata.NONE);
        }
    }

    @Override
    protected String kind() {
        return "metadata";
    }
}
