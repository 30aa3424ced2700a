package io.streamz4j.time;

import io.streamz4j.Metadata;
import io.streamz4j.Stream;
import io.streamz4j.runtime.EventLoop;
import io.streamz4j.runtime.internal.Failures;
import io.streamz4j.runtime.internal.LoopCalls;
import io.streamz4j.runtime.internal.Receiver;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the nodes that keep time on the pipeline's event loop share (delay, timed_window,
 * timed_window_unique): elements arriving from another thread are posted to the loop, so the
 * node's state and everything below it run on the loop thread only; the node holds the loop while
 * it lives and lets go of it when destroyed. What it holds is let go of on the loop thread when it
 * is destroyed (counted as dropped), or emitted there when its pipeline is closed.
 *
 * <p>Thread safety: {@link #update} may be called from the pipeline's producer thread;
 * {@link #receive}, timers and emissions run on the loop thread.
 */
abstract class LoopNode<T> extends Stream<T> implements Receiver {
    protected final long intervalNanos;
    protected final EventLoop loop;

    protected LoopNode(Stream<?> upstream, Duration interval, String kind) {
        super(null, checked(upstream, interval, kind));
        this.intervalNanos = interval.toNanos();
        this.loop = pipelineLoop();
        loop.acquire();
    }

    private static Stream<?> checked(Stream<?> upstream, Duration interval, String kind) {
        Intervals.nanos(interval, kind, "interval");
        return upstream;
    }

    @Override
    public final void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        if (!loop.inLoopThread()) {
            loop.post(this, x, who, metadata);
            return;
        }
        receive(x, who, metadata);
    }

    /** Emits what the node let go of, on the loop thread, then releases its references once. */
    protected final void emitHeld(Object x, List<Map<String, Object>> metadata) {
        try {
            emitDownstream(x, metadata);
            Metadata.release(metadata, 1);
        } catch (RuntimeException | Error e) {
            // Nobody called emit on the loop thread to rethrow to: the failure goes to the
            // handler of the node that threw (this one's, if none reported it) and the loop goes on.
            Failures.caught(loop.name(), this, x, metadata, e);
        }
    }

    /** Runs {@code tick} now and then every interval after each run ends, until the node is destroyed. */
    protected final void everyInterval(Runnable tick) {
        Runnable repeating = new Runnable() {
            @Override
            public void run() {
                if (!isDestroyed()) {
                    tick.run();
                    loop.schedule(loop.clock().nanoTime() + intervalNanos, this);
                }
            }
        };
        loop.execute(repeating);
    }

    /** On the loop thread: lets go of everything held, releasing references; returns how many elements. */
    protected abstract long dropHeld();

    /** On the loop thread: emits, now, what the node holds (pipeline close). */
    protected abstract void flushHeld();

    @Override
    protected final long releaseHeld() {
        long[] dropped = {0};
        LoopCalls.runAndWait(loop, this + " letting go of what it holds", () -> dropped[0] = dropHeld());
        return dropped[0];
    }

    @Override
    protected final void flushOnClose() {
        LoopCalls.runAndWait(loop, this + " flushing", this::flushHeld);
    }

    @Override
    protected final Object downstreamDomain() {
        return loop;
    }

    @Override
    protected final void onDestroy() {
        loop.release();
    }

    @Override
    protected final String parameter() {
        return Intervals.seconds(intervalNanos);
    }

    @Override
    public final String graphShape() {
        return "octagon";
    }
}
