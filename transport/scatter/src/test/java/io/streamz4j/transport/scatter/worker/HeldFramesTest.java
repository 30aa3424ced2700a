package io.streamz4j.transport.scatter.worker;

import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HeldFramesTest {
    @Test
    void everyFrameAtAnyDepthIsReleasedOnce() {
        Schema schema = Schema.builder().add("qty", ColumnType.LONG).build();
        try (BufferAllocator allocator = new RootAllocator()) {
            Frame a = Frame.fromRows(schema, List.<Object[]>of(new Object[] {1L}), allocator);
            Frame b = Frame.fromRows(schema, List.<Object[]>of(new Object[] {2L}), allocator);
            HeldFrames held = new HeldFrames();
            held.collect(List.of(a, Map.of("k", List.of(b, a))));
            held.collect(a); // a result that is the element's own frame
            held.collect(5L);
            assertEquals(2, held.size());
            held.releaseAll();
            assertEquals(0, held.size());
            assertEquals(0, allocator.getAllocatedMemory(), "each frame released exactly once, none left");
        }
    }
}
