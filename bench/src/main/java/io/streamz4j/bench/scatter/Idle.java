package io.streamz4j.bench.scatter;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

/**
 * The idle strategies the suite's sides wait with, by the names the transport's options and the
 * worker's {@code --idle} take: {@code backoff} (the default: Agrona's {@link BackoffIdleStrategy}
 * with its defaults, 10 spins, 5 yields, then parks from 1 µs doubling up to 1 ms, so an idle side
 * never holds a core), {@code yielding}, {@code sleeping} (1 ms sleeps) and {@code busy-spin}.
 * Every side of one run is given the same name, so a ratio compares like with like.
 *
 * <p>Thread safety: stateless; each call returns a new strategy, which belongs to the one thread
 * that idles with it (backoff keeps per-thread state).
 */
final class Idle {
    static final String BACKOFF = "backoff";
    static final String BUSY_SPIN = "busy-spin";

    private Idle() {
    }

    static IdleStrategy parse(String name) {
        switch (name) {
            case BACKOFF:
                return new BackoffIdleStrategy();
            case "yielding":
                return new YieldingIdleStrategy();
            case "sleeping":
                return new SleepingMillisIdleStrategy(1);
            case BUSY_SPIN:
                return new BusySpinIdleStrategy();
            default:
                throw new IllegalArgumentException("scatter bench: parameter 'idle' must be backoff, yielding,"
                        + " sleeping or busy-spin, got '" + name + "'");
        }
    }
}
