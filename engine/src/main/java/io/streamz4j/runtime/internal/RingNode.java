package io.streamz4j.runtime.internal;

import io.streamz4j.Stream;

import java.util.List;
import java.util.Map;

/**
 * What the nodes that hand elements across a {@link RingBoundary} share (buffer, the thread-safe
 * source): everything below them runs on the ring's consumer thread, and destroying them drains
 * the ring and ends that thread. While open, the ring is drained before the JVM exits
 * ({@link RingDrain}), and {@code close()} of the pipeline waits for it to deliver what it accepted.
 *
 * <p>Thread safety: the subclass publishes into the ring from the producer side;
 * {@link #deliver} runs on the consumer thread.
 */
public abstract class RingNode<T> extends Stream<T> {
    private RingBoundary ring;

    protected RingNode(String name, Stream<?>... upstreams) {
        super(name, upstreams);
    }

    /** Sets the ring this node publishes into; called once, from the subclass's constructor. */
    protected final void attach(RingBoundary boundary) {
        this.ring = boundary;
        RingDrain.track(boundary);
    }

    protected final RingBoundary ring() {
        return ring;
    }

    /** The ring's receiver: passes an element that crossed on to the nodes below. */
    protected final void deliver(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        Stream<?> next = soleDownstream(metadata);
        if (next != null) {
            next.update(x, this, metadata);
        } else {
            emitDownstream(x, metadata);
        }
    }

    @Override
    protected final Object downstreamDomain() {
        return ring;
    }

    @Override
    protected final void flushOnClose() {
        RingDrain.awaitEmpty(ring);
    }

    @Override
    protected final void onDestroy() {
        ring.close();
        RingDrain.untrack(ring);
    }
}
