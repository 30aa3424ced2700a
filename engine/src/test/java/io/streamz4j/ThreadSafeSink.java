package io.streamz4j;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test helper: streamz's {@code sink_to_list} for pipelines whose sink runs on another thread (a
 * loop or a buffer's consumer). {@link Stream#sinkToList()} hands out a plain list for the
 * emitting thread to read; this one the test thread may read while the pipeline appends.
 *
 * <p>Thread safety: the returned list is a {@link CopyOnWriteArrayList}.
 */
public final class ThreadSafeSink {
    private ThreadSafeSink() {
    }

    /** Appends every element of {@code stream} to the returned list. */
    public static <T> List<T> collect(Stream<T> stream) {
        List<T> list = new CopyOnWriteArrayList<>();
        stream.sink(list::add);
        return list;
    }
}
