package io.streamz4j.bench.scatter;

import org.HdrHistogram.Histogram;
import org.agrona.concurrent.IdleStrategy;

/**
 * The two measures every side gets, the same loops for each: throughput with a window of elements
 * in flight (the measuring thread sends while fewer than {@code window} results are outstanding,
 * the shape of {@code buffer(window)}; a side whose send holds the window itself, a pipeline with
 * {@code buffer(window)}, is sent to back to back), and round trips one at a time (send, wait for the
 * result, record the time between in an HdrHistogram). Each measure runs a warm-up of its own
 * first, not counted; elements are numbered on across both, so the side's order check spans the
 * whole run. Waiting (for a window slot, for a result) idles with the run's strategy, as the
 * sides' own threads do.
 *
 * <p>Thread safety: one measuring thread.
 */
final class RoundTrips {
    /** A result later than this is taken as lost and fails the run rather than hang it. */
    private static final long RESULT_TIMEOUT_NANOS = 30_000_000_000L;
    private static final long HIGHEST_NANOS = 60_000_000_000L;

    private final RoundTripSide side;
    private final IdleStrategy idle;
    private long next;

    RoundTrips(RoundTripSide side, IdleStrategy idle) {
        this.side = side;
        this.idle = idle;
    }

    /** Elements per second over {@code measureNanos}, after {@code warmNanos} of the same. */
    double throughput(int window, long warmNanos, long measureNanos) {
        Results results = side.results();
        long start = System.nanoTime();
        long measureFrom = start + warmNanos;
        long until = measureFrom + measureNanos;
        long limit = side.sendHoldsWindow() ? Long.MAX_VALUE : window;
        long countFrom = -1;
        long now = start;
        while (now < until) {
            int work = 0;
            if (next - results.received() < limit) {
                side.send(next++);
                work = 1;
            }
            work += side.poll();
            idle.idle(work);
            now = System.nanoTime();
            if (countFrom < 0 && now >= measureFrom) {
                countFrom = results.received();
                measureFrom = now;
            }
        }
        long counted = results.received() - countFrom;
        double rate = counted * 1e9 / (now - measureFrom);
        awaitResults(next);
        return rate;
    }

    /**
     * Round trips one in flight: warm-up round trips for {@code warmNanos}, then up to
     * {@code maxCount} recorded ones within {@code measureNanos}.
     */
    Histogram latency(long warmNanos, long measureNanos, int maxCount) {
        Histogram histogram = new Histogram(HIGHEST_NANOS, 3);
        long warmUntil = System.nanoTime() + warmNanos;
        while (System.nanoTime() < warmUntil) {
            roundTrip();
        }
        long until = System.nanoTime() + measureNanos;
        for (int i = 0; i < maxCount && System.nanoTime() < until; i++) {
            histogram.recordValue(Math.min(roundTrip(), HIGHEST_NANOS));
        }
        return histogram;
    }

    /** Elements sent so far: every one of them has come back once a measure returns. */
    long sent() {
        return next;
    }

    private long roundTrip() {
        long start = System.nanoTime();
        side.send(next++);
        awaitResults(next);
        return System.nanoTime() - start;
    }

    private void awaitResults(long count) {
        Results results = side.results();
        long deadline = System.nanoTime() + RESULT_TIMEOUT_NANOS;
        while (results.received() < count) {
            int work = side.poll();
            if (work == 0 && System.nanoTime() > deadline) {
                throw new IllegalStateException("scatter bench: " + (count - results.received())
                        + " results missing after 30 s (" + results.received() + " of " + count + ")");
            }
            idle.idle(work);
        }
        idle.reset();
    }
}
