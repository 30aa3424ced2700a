package io.streamz4j.time;

import io.streamz4j.Metadata;
import io.streamz4j.Stream;
import io.streamz4j.Tuple;
import io.streamz4j.core.PartitionUnique.Keep;
import io.streamz4j.runtime.EventLoop;
import io.streamz4j.runtime.Receiver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * streamz's {@code timed_window_unique}: every {@code interval} emits a tuple of the elements with
 * distinct keys that arrived since the last emission, keeping the first or the last of those
 * sharing a key, in the order the kept elements arrived; an empty tuple when none did.
 *
 * <p>Thread safety: {@link #update} may be called from the pipeline's producer thread; the window,
 * the key function and everything below this node run on the loop thread. Holds the references of
 * the kept elements until they are emitted; those of a dropped repeat are released at once.
 */
public final class TimedWindowUnique<T> extends Stream<List<T>> implements Receiver {
    private final long intervalNanos;
    private final Function<? super T, ?> key;
    private final Keep keep;
    private final EventLoop loop;
    private final LinkedHashMap<Object, Object> values = new LinkedHashMap<>();
    private final LinkedHashMap<Object, List<Map<String, Object>>> metadata = new LinkedHashMap<>();
    private final Runnable tick = this::tick;

    public TimedWindowUnique(Stream<? extends T> upstream, Duration interval, Function<? super T, ?> key, Keep keep) {
        super(null, checked(upstream, interval, key, keep));
        this.intervalNanos = interval.toNanos();
        this.key = key;
        this.keep = keep;
        this.loop = pipelineLoop();
        loop.acquire();
        loop.execute(tick);
    }

    private static Stream<?> checked(Stream<?> upstream, Duration interval, Function<?, ?> key, Keep keep) {
        Intervals.nanos(interval, "timed_window_unique", "interval");
        io.streamz4j.Arguments.requireNonNull(key, "timed_window_unique", "key");
        io.streamz4j.Arguments.requireNonNull(keep, "timed_window_unique", "keep");
        return upstream;
    }

    @Override
    public void update(Object x, Stream<?> who, List<Map<String, Object>> md) {
        if (!loop.inLoopThread()) {
            loop.post(this, x, who, md);
            return;
        }
        receive(x, who, md);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void receive(Object x, Stream<?> who, List<Map<String, Object>> md) {
        Object k = applyUserFunction(key, (T) x);
        if (keep == Keep.LAST || !values.containsKey(k)) {
            values.remove(k);
            Metadata.release(metadata.remove(k), 1);
            values.put(k, x);
            metadata.put(k, md);
            Metadata.retain(md, 1);
        }
    }

    private void tick() {
        if (isDestroyed()) {
            return;
        }
        Tuple<Object> contents = Tuple.wrap(values.values().toArray());
        List<Map<String, Object>> combined = Metadata.flatten(new ArrayList<>(metadata.values()));
        values.clear();
        metadata.clear();
        try {
            emitDownstream(contents, combined);
            Metadata.release(combined, 1);
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
        return "timed_window_unique";
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
