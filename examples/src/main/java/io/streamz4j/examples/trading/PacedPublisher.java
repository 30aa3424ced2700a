package io.streamz4j.examples.trading;

import io.streamz4j.examples.trading.sbe.MarketTickDecoder;
import io.streamz4j.examples.trading.sbe.MarketTickEncoder;
import io.streamz4j.record.RecordRing;

import java.lang.management.ManagementFactory;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

/**
 * The feed's thread: publishes {@code total} ticks of a {@link MarketFeed} into the tick ring, each
 * when it is due ({@code startNanos} plus its offset on the feed's schedule). It waits for a tick
 * by parking while the tick is more than {@link #PARK_THRESHOLD_NANOS} away and spinning the rest,
 * so the pace holds to a few hundred nanoseconds without burning a core at low rates; a tick is
 * written straight into its claimed slot. How late each tick was when its turn came (the feed's own
 * lag: a full ring or a descheduled thread) goes into a histogram. Nothing is allocated per tick.
 *
 * <p>Thread safety: {@link #run} on one thread, the ring's only producer; {@link #published()} from
 * any thread; the lag histogram and allocation count are read after that thread has ended.
 */
final class PacedPublisher implements Runnable {
    static final long PARK_THRESHOLD_NANOS = 200_000;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final long PARK_MARGIN_NANOS = 100_000;

    private final MarketFeed feed;
    private final RecordRing<MarketTickEncoder, MarketTickDecoder> ring;
    private final long total;
    private final long startNanos;
    private final Histogram lag = new Histogram(OrderSink.HIGHEST_NANOS, 3);
    private final Counter published = new Counter();

    private final long warmUpTicks;
    private long allocatedAtWarmUp = -1;
    private volatile long allocatedAfterWarmUp = -1;

    /**
     * A publisher of {@code total} ticks from {@code startNanos} on; it measures what its own thread
     * allocates from tick {@code warmUpTicks} to the end (a thread's count can only be read while it
     * lives, so it reads its own).
     */
    PacedPublisher(MarketFeed feed, RecordRing<MarketTickEncoder, MarketTickDecoder> ring, long total, long startNanos,
            long warmUpTicks) {
        this.feed = feed;
        this.ring = ring;
        this.total = total;
        this.startNanos = startNanos;
        this.warmUpTicks = warmUpTicks;
    }

    @Override
    public void run() {
        long i = 0;
        for (; i < total; i++) {
            if (i == warmUpTicks) {
                allocatedAtWarmUp = THREADS.getCurrentThreadAllocatedBytes();
            }
            long due = startNanos + feed.offsetNanos(i);
            long now;
            while ((now = System.nanoTime()) < due) {
                if (due - now > PARK_THRESHOLD_NANOS) {
                    LockSupport.parkNanos(due - now - PARK_MARGIN_NANOS);
                } else {
                    Thread.onSpinWait();
                }
            }
            lag.recordValue(Math.min(now - due, OrderSink.HIGHEST_NANOS));
            long sequence = ring.claim();
            feed.next(ring.encoder(sequence));
            ring.publish(sequence);
            published.increment();
        }
        if (i > warmUpTicks) {
            allocatedAfterWarmUp = THREADS.getCurrentThreadAllocatedBytes() - allocatedAtWarmUp;
        }
    }

    /** Bytes the feed thread allocated from the warm-up tick to its end; -1 if it ended before. */
    long allocatedAfterWarmUp() {
        return allocatedAfterWarmUp;
    }

    /** Ticks published so far. */
    long published() {
        return published.get();
    }

    /** Tick due to its turn on the feed thread, in nanoseconds; read after the thread ended. */
    Histogram lag() {
        return lag;
    }
}
