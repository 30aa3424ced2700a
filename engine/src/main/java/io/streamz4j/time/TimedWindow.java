package io.streamz4j.time;

import io.streamz4j.Metadata;
import io.streamz4j.Stream;
import io.streamz4j.runtime.EventLoop;
import io.streamz4j.runtime.Held;
import io.streamz4j.runtime.Receiver;

import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * streamz's {@code timed_window}: every {@code interval} emits a list of the elements that arrived
 * since the last emission, an empty list when none did. As in streamz, the first list goes out as
 * soon as the loop runs, and each next one {@code interval} after the previous emission finished.
 *
 * <p>Thread safety: {@link #update} may be called from the pipeline's producer thread; the window
 * and everything below this node run on the loop thread. Holds the references of the elements in
 * the window until it is emitted.
 */
public final class TimedWindow<T> extends Stream<List<T>> implements Receiver {
    private final long intervalNanos;
    private final EventLoop loop;
    private final Held window = new Held();
    private final Runnable tick = this::tick;

    public TimedWindow(Stream<? extends T> upstream, Duration interval) {
        super(null, checked(upstream, interval));
        this.intervalNanos = interval.toNanos();
        this.loop = pipelineLoop();
        loop.acquire();
        loop.execute(tick);
    }

    private static Stream<?> checked(Stream<?> upstream, Duration interval) {
        Intervals.nanos(interval, "timed_window", "interval");
        return upstream;
    }

    @Override
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        if (!loop.inLoopThread()) {
            loop.post(this, x, who, metadata);
            return;
        }
        receive(x, who, metadata);
    }

    @Override
    public void receive(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        Metadata.retain(metadata, 1);
        window.add(x, metadata);
    }

    private void tick() {
        if (isDestroyed()) {
            return;
        }
        List<Object> contents = Collections.unmodifiableList(Arrays.asList(window.valuesArray()));
        List<Map<String, Object>> metadata = window.allMetadata();
        window.clear();
        try {
            emitDownstream(contents, metadata);
            Metadata.release(metadata, 1);
        } catch (RuntimeException | Error e) {
            logFailure(e);
        }
        loop.schedule(loop.clock().nanoTime() + intervalNanos, tick);
    }

    @Override
    protected Object downstreamDomain() {
        return loop;
    }

    @Override
    protected void onDestroy() {
        loop.release();
    }

    @Override
    protected String kind() {
        return "timed_window";
    }

    @Override
    protected String parameter() {
        return Intervals.seconds(intervalNanos);
    }

    @Override
    public String graphShape() {
        return "octagon";
    }
}
