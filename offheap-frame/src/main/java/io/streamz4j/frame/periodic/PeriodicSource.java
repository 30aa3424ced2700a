package io.streamz4j.frame.periodic;

import io.streamz4j.frame.Frame;
import io.streamz4j.runtime.EventLoop;
import io.streamz4j.sources.PollingSource;
import org.apache.arrow.memory.BufferAllocator;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The source of a {@link PeriodicDataFrame} (streamz's {@code PeriodicDataFrame._cb}): polled on
 * the pipeline's event loop every {@code interval} of the loop's clock; each poll after the first
 * calls the data function with the time of the previous poll ({@code last}), the time now and the
 * keyword parameters, emits the frame and releases its own reference. The first poll, at start,
 * only notes the time, as streamz's callback sleeps an interval before its first call. Times are
 * the loop clock's readings placed on the wall clock once, at construction, so a manual clock
 * gives exact {@code now - last} intervals.
 *
 * <p>Thread safety: start/stop from any thread; polls run on the loop thread.
 */
final class PeriodicSource extends PollingSource<Frame> {
    private final DataFn datafn;
    private final Map<String, Object> kwargs;
    private final BufferAllocator allocator;
    private final long epochOffsetNanos;
    private Instant last;

    PeriodicSource(DataFn datafn, Duration interval, Map<String, Object> kwargs, BufferAllocator allocator,
            EventLoop loop) {
        super("from_periodic", interval, loop);
        this.datafn = datafn;
        this.kwargs = Map.copyOf(kwargs);
        this.allocator = allocator;
        this.epochOffsetNanos = System.currentTimeMillis() * 1_000_000L - loop.clock().nanoTime();
    }

    private Instant now() {
        long nanos = loop().clock().nanoTime() + epochOffsetNanos;
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    @Override
    protected void open() {
        last = null;
    }

    @Override
    protected void run() {
        Instant now = now();
        if (last == null) {
            last = now;
            return;
        }
        Frame frame = datafn.apply(last, now, kwargs, allocator);
        last = now;
        if (frame == null) {
            return;
        }
        try {
            emitLogged(frame);
        } finally {
            frame.release();
        }
    }

    @Override
    protected String kind() {
        return "from_periodic";
    }
}
