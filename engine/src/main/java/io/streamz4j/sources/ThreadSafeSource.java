package io.streamz4j.sources;

import io.streamz4j.Metadata;
import io.streamz4j.Stream;
import io.streamz4j.runtime.Threads;
import io.streamz4j.runtime.WaitStrategy;
import io.streamz4j.runtime.internal.RingBoundary;
import io.streamz4j.runtime.internal.RingNode;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A source whose {@link #emit} may be called from any number of threads at once
 * ({@code Stream.threadSafe()}). Each element is published into a multi-producer Disruptor ring;
 * one consumer thread runs the pipeline below, so every node keeps a single writer. Elements
 * emitted by one thread arrive in the order that thread emitted them; none is lost; a full ring
 * holds the emitting threads back.
 *
 * <p>Thread safety: {@link #emit} from any thread; the pipeline below runs on the thread
 * {@code streamz4j-<name>-threadsafe} (made by the pipeline's {@link Threads}; in invoker mode the
 * service's invoking threads run it instead), which {@link #destroy()} ends after delivering what
 * was accepted.
 */
public final class ThreadSafeSource<T> extends RingNode<T> {
    private static final AtomicInteger UNNAMED = new AtomicInteger();
    private static final int CAPACITY = 1024;

    /** {@code threads} null: the process default {@link Threads}. */
    public ThreadSafeSource(String name, WaitStrategy waitStrategy, Threads threads) {
        super(name);
        if (waitStrategy == null) {
            throw new IllegalArgumentException("threadSafe: parameter 'waitStrategy' must not be null");
        }
        if (threads != null) {
            withThreads(threads);
        }
        String ringName = (name != null ? name : "thread_safe-" + UNNAMED.incrementAndGet()) + "-threadsafe";
        attach(RingBoundary.multiProducer(ringName, CAPACITY, waitStrategy, this::deliver, pipelineThreads()));
    }

    @Override
    public void emit(T x) {
        ring().publish(x, this, Metadata.NONE);
    }

    @Override
    public void emit(T x, List<Map<String, Object>> metadata) {
        ring().publish(x, this, Metadata.of(metadata));
    }

    /** The thread that runs the pipeline below this source; null in invoker mode. */
    public Thread consumerThread() {
        return ring().consumerThread();
    }

    @Override
    protected String kind() {
        return "thread_safe";
    }
}
