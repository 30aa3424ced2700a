package io.streamz4j.time;

import io.streamz4j.Stream;
import io.streamz4j.core.KeepsState;
import io.streamz4j.runtime.Clock;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * streamz's {@code rate_limit}: lets no two elements through less than {@code interval} apart.
 * An element that comes too soon waits, on the emitting thread, until its turn: the producer is
 * held back, which is the point (an API with known limits). Time is the pipeline's clock.
 *
 * <p>Thread safety: runs on the thread that emits into its upstream; holds no element between
 * calls, only when the next may pass: state no snapshot stores (a restarted node lets its first
 * element through at once), so it is {@link KeepsState}.
 */
public final class RateLimit<T> extends Stream<T> implements KeepsState {
    private final long intervalNanos;
    private final Clock clock;
    private long next = Long.MIN_VALUE;

    public RateLimit(Stream<? extends T> upstream, Duration interval) {
        super(null, checked(upstream, interval));
        this.intervalNanos = interval.toNanos();
        this.clock = pipelineClock();
    }

    private static Stream<?> checked(Stream<?> upstream, Duration interval) {
        Intervals.nanos(interval, "rate_limit", "interval");
        return upstream;
    }

    @Override
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        long now = clock.nanoTime();
        long due = next;
        next = Math.max(now, next) + intervalNanos;
        if (now < due) {
            clock.sleepNanos(due - now);
        }
        Stream<?> nextNode = soleDownstream(metadata);
        if (nextNode != null) {
            nextNode.update(x, this, metadata);
        } else {
            emitDownstream(x, metadata);
        }
    }

    @Override
    protected String kind() {
        return "rate_limit";
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
