package io.streamz4j.time;

import io.streamz4j.Await;
import io.streamz4j.Stream;
import io.streamz4j.runtime.EventLoop;
import io.streamz4j.runtime.ManualClock;
import io.streamz4j.runtime.WaitStrategy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Test fixture for time operators: an event loop on a {@link ManualClock}, the sources built on it,
 * and time moved by the test, which then waits until the loop has caught up, so no test sleeps.
 *
 * <p>Thread safety: used from the test thread only; the loop runs the pipeline.
 */
final class ManualTimeLoop implements AutoCloseable {
    final ManualClock clock = new ManualClock();
    final EventLoop loop;
    private final List<Stream<?>> sources = new ArrayList<>();

    ManualTimeLoop(String name) {
        loop = EventLoop.create(name, clock, WaitStrategy.BLOCKING);
    }

    /** A source on the loop, destroyed by {@link #close()}. */
    <T> Stream<T> source(String name) {
        Stream<T> source = new Stream<>(name, loop);
        sources.add(source);
        return source;
    }

    /**
     * Lets the loop take in what was emitted at the current time, then moves time on and waits
     * until the loop has fired every timer now due.
     */
    void advance(long millis) {
        Await.loopCaughtUp(loop);
        clock.advance(Duration.ofMillis(millis));
        Await.loopCaughtUp(loop);
    }

    @Override
    public void close() {
        sources.forEach(Stream::destroy);
        loop.close();
    }
}
