package io.streamz4j.frame.window;

import io.streamz4j.Stream;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Schema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;

import java.util.ArrayList;
import java.util.List;

/**
 * The fixture of the window tests: an allocator, streamz's x/y frame schema, and the nodes a test
 * built, destroyed after it before the allocator is closed — which fails on any frame a window
 * still held.
 */
abstract class WindowTestNodes {
    protected final BufferAllocator allocator = new RootAllocator();
    protected final Schema xy = Schema.builder().add("x", ColumnType.DOUBLE).add("y", ColumnType.DOUBLE).build();
    private final List<Stream<?>> nodes = new ArrayList<>();

    @AfterEach
    void closeAllocator() {
        nodes.forEach(Stream::destroy);
        allocator.close();
    }

    /** Registers {@code s} to be destroyed after the test. */
    protected <T extends Stream<?>> T node(T s) {
        nodes.add(s);
        return s;
    }
}
