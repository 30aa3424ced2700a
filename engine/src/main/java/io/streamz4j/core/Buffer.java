package io.streamz4j.core;

import io.streamz4j.Arguments;
import io.streamz4j.Stream;
import io.streamz4j.runtime.WaitStrategy;
import io.streamz4j.runtime.internal.RingBoundary;
import io.streamz4j.runtime.internal.RingNode;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * streamz's {@code buffer}: lets up to {@code n} elements pile up, so a producer can run ahead of a
 * slow consumer for a while. The elements cross an LMAX Disruptor ring of preallocated slots to
 * the buffer's own consumer thread, which runs everything below this node, in order. When
 * {@code n} elements are in flight the producer waits: back pressure instead of a growing queue.
 *
 * <p>Thread safety: {@link #update} is called by one producer thread at a time; the nodes below
 * run on the thread {@code streamz4j-<pipeline>-buffer-<number>} (made by the pipeline's
 * {@code Threads}; in invoker mode the service's invoking threads run them instead), which ends
 * when the buffer is destroyed, after delivering what it had accepted. The engine's default thread
 * is a daemon, yet what the buffer
 * accepted is still delivered when {@code main} returns (a shutdown hook waits for it) and when
 * the pipeline is closed. Retains each element's references while it is in the ring.
 */
public final class Buffer<T> extends RingNode<T> {
    private static final AtomicInteger UNNAMED = new AtomicInteger();

    private final int n;

    public Buffer(Stream<? extends T> upstream, int n, WaitStrategy waitStrategy) {
        super(null, checked(upstream, n, waitStrategy));
        this.n = n;
        attach(RingBoundary.bounded(pipelineName() + "-buffer-" + UNNAMED.incrementAndGet(), n,
                waitStrategy, this::deliver, pipelineThreads()));
    }

    private static Stream<?> checked(Stream<?> upstream, int n, WaitStrategy waitStrategy) {
        Arguments.requirePositive(n, "buffer", "n");
        Arguments.requireNonNull(waitStrategy, "buffer", "waitStrategy");
        return upstream;
    }

    @Override
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        ring().publish(x, who, metadata);
    }

    /** How many accepted elements the consumer thread has not finished with. */
    public long inFlight() {
        return ring().inFlight();
    }

    @Override
    protected String kind() {
        return "buffer";
    }

    @Override
    protected String parameter() {
        return Integer.toString(n);
    }

    @Override
    public String graphShape() {
        return "diamond";
    }
}
