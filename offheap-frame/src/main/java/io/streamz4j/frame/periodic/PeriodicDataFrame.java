package io.streamz4j.frame.periodic;

import io.streamz4j.frame.DataFrame;
import io.streamz4j.frame.Schema;
import io.streamz4j.runtime.EventLoop;
import org.apache.arrow.memory.BufferAllocator;

import java.time.Duration;
import java.util.Map;

/**
 * streamz's {@code PeriodicDataFrame} ({@code DataFrame.from_periodic}): a streaming DataFrame fed
 * by a callback polled on the pipeline's {@link EventLoop} every {@code interval}, given
 * {@code last}, {@code now} and keyword parameters ({@link DataFn}). Frames must fit the example
 * schema. {@link #stop()} ends the polling and lets go of the loop (whose thread then ends if
 * nothing else uses it); {@link #start()} resumes it.
 *
 * <p>Thread safety: start and stop from any thread; the callback and the pipeline below run on
 * the loop thread.
 */
public class PeriodicDataFrame implements AutoCloseable {
    private final PeriodicSource source;
    private final DataFrame frames;

    /**
     * @param start whether to start polling now (streamz's {@code start=True})
     */
    public PeriodicDataFrame(DataFn datafn, Duration interval, Map<String, Object> kwargs, Schema example,
            BufferAllocator allocator, EventLoop loop, boolean start) {
        if (datafn == null || interval == null || example == null || allocator == null || loop == null) {
            throw new IllegalArgumentException("PeriodicDataFrame needs a datafn, an interval, an example schema,"
                    + " an allocator and an event loop, got " + datafn + ", " + interval + ", " + example + ", "
                    + allocator + ", " + loop);
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("PeriodicDataFrame: interval must be positive, got " + interval);
        }
        this.source = new PeriodicSource(datafn, interval, kwargs == null ? Map.of() : kwargs, allocator, loop);
        this.frames = DataFrame.of(source, example, allocator);
        if (start) {
            start();
        }
    }

    /** The streaming DataFrame of the frames the callback makes. */
    public DataFrame dataframe() {
        return frames;
    }

    public void start() {
        source.start();
    }

    public void stop() {
        source.stop();
    }

    public boolean isStopped() {
        return source.isStopped();
    }

    /** Stops polling and takes the source out of its pipeline. */
    @Override
    public void close() {
        source.destroy();
    }
}
