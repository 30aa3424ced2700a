package io.streamz4j.sources;

import io.streamz4j.Source;
import io.streamz4j.runtime.EventLoop;
import io.streamz4j.runtime.ManualClock;
import io.streamz4j.runtime.WaitStrategy;
import org.junit.jupiter.api.AfterEach;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test fixture for the polling sources: a loop of its own over a {@link ManualClock} per test, so
 * a poll happens only when the test moves the clock ({@link #nextPoll()}), never after a sleep;
 * the source under test is destroyed after each test and its loop's thread awaited gone.
 *
 * <p>Thread safety: used from the test thread; the loop polls.
 */
abstract class ManualPollingTest {
    private static final AtomicInteger LOOPS = new AtomicInteger();
    final ManualClock clock = new ManualClock();
    final String loopName;
    final EventLoop loop;
    private final Duration interval;
    /** The source under test, set by the test's factory. */
    Source<String> source;

    ManualPollingTest(String kind, Duration interval) {
        this.loopName = kind + "-test-" + LOOPS.incrementAndGet();
        this.loop = EventLoop.create(loopName, clock, WaitStrategy.BLOCKING);
        this.interval = interval;
    }

    @AfterEach
    void destroySourceAndAwaitTheLoopGone() {
        if (source != null) {
            source.destroy();
        }
        Waits.noThreadsNamed("streamz4j-loop-" + loopName);
    }

    /** Moves the clock past the poll interval and waits until the poll it makes due has run. */
    void nextPoll() {
        clock.advance(interval);
        Waits.loopCaughtUp(loop);
    }
}
