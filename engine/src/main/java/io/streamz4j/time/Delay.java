package io.streamz4j.time;

import io.streamz4j.Metadata;
import io.streamz4j.Stream;
import io.streamz4j.core.HoldsElements;
import io.streamz4j.core.KeepsState;
import io.streamz4j.runtime.EventLoop;
import io.streamz4j.runtime.internal.Held;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * streamz's {@code delay}: queues elements and emits them, in order, on the pipeline's loop, at
 * most one per {@code interval}. Like streamz 0.6.4, the loop waits for an element, emits it, then
 * waits out whatever is left of the interval that began when it started waiting; so an element
 * that reaches an idle node goes out at once, and a burst goes out one interval apart.
 *
 * <p>Thread safety: {@link #update} may be called from the pipeline's producer thread; the queue
 * and everything below this node run on the loop thread. Holds the references of queued elements
 * until they are emitted; closing the pipeline emits the queue at once. The queue is state no
 * snapshot stores (a restarted delay starts empty), so it is {@link KeepsState}; as
 * {@link HoldsElements} it tells a checkpoint what it holds, read on the loop thread.
 */
public final class Delay<T> extends LoopNode<T> implements KeepsState, HoldsElements {
    private final Held queue = new Held();
    private long iterationStart;
    private boolean sleeping;

    public Delay(Stream<? extends T> upstream, Duration interval) {
        super(upstream, interval, "delay");
        this.iterationStart = loop.clock().nanoTime();
    }

    @Override
    public void receive(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        Metadata.retain(metadata, 1);
        queue.add(x, metadata);
        drain();
    }

    private void drain() {
        while (!sleeping && !queue.isEmpty() && !isDestroyed()) {
            Object x = queue.peekValue();
            List<Map<String, Object>> metadata = queue.peekMetadata();
            queue.removeFirst();
            emitHeld(x, metadata);
            long now = loop.clock().nanoTime();
            long wake = iterationStart + intervalNanos;
            if (wake > now) {
                sleeping = true;
                loop.schedule(wake, () -> wake(wake));
            } else {
                iterationStart = now;
            }
        }
    }

    private void wake(long at) {
        sleeping = false;
        iterationStart = at;
        drain();
    }

    /** Emits the whole queue now, without waiting out the intervals. */
    @Override
    protected void flushHeld() {
        while (!queue.isEmpty()) {
            Object x = queue.peekValue();
            List<Map<String, Object>> metadata = queue.peekMetadata();
            queue.removeFirst();
            emitHeld(x, metadata);
        }
    }

    @Override
    protected long dropHeld() {
        return queue.releaseAll();
    }

    @Override
    public List<Map<String, Object>> heldMetadata() {
        return queue.allMetadata();
    }

    @Override
    public EventLoop contentsLoop() {
        return loop;
    }

    @Override
    protected String kind() {
        return "delay";
    }

}
