package io.streamz4j.sources;

import io.streamz4j.Arguments;
import io.streamz4j.runtime.EventLoop;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * streamz's {@code from_periodic}: once started, calls a function with no arguments and emits
 * what it returns (null included, as streamz emits {@code None}), then again every
 * {@code pollInterval} after each call and its emission end, on the pipeline's event loop and
 * its clock, until stopped. A function that throws has its failure reported for this source
 * (its error handler, its error count) and is called again at the next interval.
 *
 * <p>Thread safety: {@link #start()} and {@link #stop()} from any thread; the function and every
 * node below run on the loop thread. Holds nothing between polls.
 */
public final class FromPeriodic<T> extends PollingSource<T> {
    private static final String KIND = "from_periodic";

    private final Supplier<? extends T> callback;

    /** Polls on a loop of its own, named after the source. */
    public FromPeriodic(Supplier<? extends T> callback, Duration pollInterval) {
        super(KIND, positive(pollInterval));
        this.callback = Arguments.requireNonNull(callback, KIND, "callback");
    }

    /** Polls on {@code loop} (tests pass one on a {@code ManualClock}). */
    public FromPeriodic(Supplier<? extends T> callback, Duration pollInterval, EventLoop loop) {
        super(KIND, positive(pollInterval), loop);
        this.callback = Arguments.requireNonNull(callback, KIND, "callback");
    }

    /** A zero interval would call the function without pause for ever. */
    private static Duration positive(Duration pollInterval) {
        if (pollInterval != null && pollInterval.isZero()) {
            throw new IllegalArgumentException(KIND + ": parameter 'pollInterval' must be positive, got " + pollInterval);
        }
        return pollInterval;
    }

    /** One poll: one call, one element. */
    @Override
    protected void run() {
        emitLogged(callback.get());
    }

    @Override
    protected String kind() {
        return KIND;
    }
}
