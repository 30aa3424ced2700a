package io.streamz4j.sources;

import io.streamz4j.Arguments;
import io.streamz4j.Source;
import io.streamz4j.runtime.EventLoop;
import io.streamz4j.runtime.internal.Failures;

import java.time.Duration;

/**
 * A source that polls on its pipeline's event loop, as streamz's polling sources do on the
 * IOLoop (from_textfile, filenames). It has no thread of its own: {@link #start()} registers with
 * the loop ({@link EventLoop#acquire()}) and returns at once; the loop then calls {@link #run()}
 * (one poll, streamz's {@code _run}) right away, and again {@code pollInterval} after each poll,
 * read on the loop's clock, until {@link #stop()}. Stopping lets go of the loop
 * ({@link EventLoop#release()}), so the loop's thread ends once no node uses it.
 *
 * <p>Thread safety: {@link #start()}, {@link #stop()} and {@link #destroy()} may be called from
 * any thread. {@link #run()} and every node below run on the loop thread only. A node below that
 * throws has its failure reported to its error handler once, and the poll goes on with the next
 * element, as the loop does for any node it runs.
 */
public abstract class PollingSource<T> extends Source<T> {
    private final long intervalNanos;
    private final EventLoop loop;
    private final Object lifecycle = new Object();
    /** The poll cycle of the current start; null while stopped. Written under {@code lifecycle}. */
    private volatile Poller current;

    /** A source polling on a loop of its own, created here, named after the source. */
    protected PollingSource(String kind, Duration pollInterval) {
        super();
        this.intervalNanos = intervalNanos(pollInterval, kind);
        this.loop = pipelineLoop();
    }

    /** A source polling on {@code loop} (tests pass one on a {@code ManualClock}). */
    protected PollingSource(String kind, Duration pollInterval, EventLoop loop) {
        super(null, Arguments.requireNonNull(loop, kind, "loop"));
        this.intervalNanos = intervalNanos(pollInterval, kind);
        this.loop = pipelineLoop();
    }

    private static long intervalNanos(Duration pollInterval, String kind) {
        Arguments.requireNonNull(pollInterval, kind, "pollInterval");
        if (pollInterval.isNegative()) {
            throw new IllegalArgumentException(kind + ": parameter 'pollInterval' must not be negative, got "
                    + pollInterval);
        }
        return pollInterval.toNanos();
    }

    /**
     * Opens what the source reads, on the thread that calls {@link #start()}, so a failure (a
     * missing file) reaches that caller. Called at every start; does nothing by default.
     */
    protected void open() {
    }

    @Override
    protected final void launch() {
        Poller poller;
        synchronized (lifecycle) {
            if (!launchGoesOn()) {
                return;
            }
            open();
            poller = new Poller();
            current = poller;
            loop.acquire();
        }
        if (loop.inLoopThread()) {
            loop.schedule(loop.clock().nanoTime(), poller);
        } else {
            loop.execute(poller);
        }
    }

    /** Stops polling: the poll under way, if any, stops before its next element. */
    @Override
    public void stop() {
        Poller stopping;
        synchronized (lifecycle) {
            super.stop();
            stopping = current;
            current = null;
        }
        if (stopping != null) {
            loop.release(); // outside the lock: releasing may wait for the loop thread to end
        }
    }

    /**
     * Emits {@code x} to the nodes below; if one throws, the failure goes to the error handler of
     * the node that threw (this source's, if none reported it) and the poll goes on with the next
     * element.
     */
    protected final void emitLogged(T x) {
        try {
            emit(x);
        } catch (RuntimeException | Error e) {
            Failures.caught(loop.name(), this, x, e);
        }
    }

    /** The loop this source polls on. */
    public final EventLoop loop() {
        return loop;
    }

    /** The time between the end of one poll and the start of the next. */
    public final Duration pollInterval() {
        return Duration.ofNanos(intervalNanos);
    }

    @Override
    protected Object downstreamDomain() {
        return loop;
    }

    @Override
    protected void onDestroy() {
        stop();
    }

    /**
     * One start's poll cycle, run by the loop: a poll, then the next one scheduled an interval
     * later, for as long as it is the current cycle. A cycle that a stop (or a stop and a new
     * start) replaced does nothing when its timer fires.
     */
    private final class Poller implements Runnable {
        @Override
        public void run() {
            if (current != this) {
                return;
            }
            try {
                PollingSource.this.run();
            } catch (RuntimeException | Error e) {
                Failures.caught(loop.name(), PollingSource.this, null, e);
            }
            if (current == this) {
                loop.schedule(loop.clock().nanoTime() + intervalNanos, this);
            }
        }
    }
}
