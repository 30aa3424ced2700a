package io.streamz4j.examples.trading;

import io.streamz4j.examples.trading.sbe.MarketTickDecoder;
import io.streamz4j.examples.trading.sbe.MarketTickEncoder;
import io.streamz4j.record.RecordRing;

import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

/**
 * A trading-style service on the record path: a synthetic market-data feed ({@link MarketFeed},
 * default one million ticks a second, paced to a schedule) publishes SBE ticks into an off-heap
 * {@link RecordRing}; on the ring's consumer thread a {@link VwapStrategy} keeps each symbol's VWAP
 * over a sliding event-time window, fires a signal when a tick's price strays more than a threshold
 * from it, and sends orders within a position limit to an {@link OrderSink}.
 *
 * <pre>
 *   feed thread:      MarketFeed ── claim, encode, publish ──┐
 *                                                             │ tick ring (off-heap slots)
 *   strategy thread:  window(VWAP) ── filter(signal) ── filter(limit) ── map(Order) ── sink(orders)
 * </pre>
 *
 * It prints a progress line each second (ticks, signals, orders, the last second's rate) and, at
 * the end, the totals, the latency from each firing tick's scheduled time to its order (HdrHistogram
 * p50, p99, p99.9, max), the feed's own lag, how many collections each garbage collector ran
 * during the run, and the first orders. Run it with
 * {@code mvn -B -q -DskipTests package exec:exec@trading} (options through
 * {@code -Dtrading.args="--rate 200000 --seconds 5"}; {@link TradingOptions} lists them).
 *
 * <p>Thread safety: {@link #run} on one thread (main), which starts the feed thread and the ring's
 * consumer thread, prints progress, and reads every result after both have ended.
 */
public final class TradingExample {
    private static final int RING_SLOTS = 16_384;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private final TradingOptions options;
    private final PrintStream out;

    public TradingExample(TradingOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) throws InterruptedException {
        if (List.of(args).contains("--help")) {
            System.out.println(TradingOptions.USAGE);
            return;
        }
        TradingOptions options;
        try {
            options = TradingOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("trading: " + e.getMessage());
            System.err.println(TradingOptions.USAGE);
            System.exit(2);
            return;
        }
        new TradingExample(options, System.out).run();
    }

    /** Runs the feed for the options' seconds, printing progress and then the summary. */
    public void run() throws InterruptedException {
        out.printf(Locale.ROOT, "trading: %,d symbols, %,d ticks/s for %d s, VWAP over a sliding %s window,"
                + " signal beyond %s bps, strategy thread %s%n", options.symbols(), options.rate(), options.seconds(),
                options.window().toString().substring(2).toLowerCase(Locale.ROOT), options.thresholdBps(),
                options.waitStrategy());
        long startNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        OrderSink orders = new OrderSink(startNanos, TimeUnit.SECONDS.toNanos(warmUpSeconds()), options.printOrders());
        VwapStrategy strategy = new VwapStrategy(options.window(), options.thresholdBps(), options.symbols(), orders);
        long[] gcBefore = collections();
        PacedPublisher publisher;
        long endNanos;
        long strategyAllocated;
        long errors;
        long[] gcWarm;
        try (RecordRing<MarketTickEncoder, MarketTickDecoder> ring = RecordRing.builder(TradingLayouts.TICK)
                .name("ticks").capacity(RING_SLOTS).waitStrategy(options.waitStrategy()).handler(strategy).build()) {
            MarketFeed feed = new MarketFeed(options.symbols(), options.rate(), options.seed());
            long warmUpSeconds = warmUpSeconds();
            publisher = new PacedPublisher(feed, ring, options.totalTicks(), startNanos,
                    warmUpSeconds * options.rate());
            Thread feedThread = new Thread(publisher, "trading-feed");
            feedThread.start();
            long strategyThread = ring.consumerThread().getId();
            long strategyAtWarmUp = -1;
            long[] gcAtWarmUp = null;
            long lastTicks = 0;
            for (int second = 1; feedThread.isAlive(); second++) {
                long due = startNanos + TimeUnit.SECONDS.toNanos(second);
                while (feedThread.isAlive() && System.nanoTime() < due) {
                    LockSupport.parkNanos(Math.min(due - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(10)));
                }
                if (!feedThread.isAlive()) {
                    break;
                }
                long ticks = publisher.published();
                out.printf(Locale.ROOT, "%4d s  ticks %,13d  signals %,10d  orders %,10d  rate %,11d ticks/s%n",
                        second, ticks, strategy.signals(), orders.orders(), ticks - lastTicks);
                lastTicks = ticks;
                if (second == warmUpSeconds) {
                    strategyAtWarmUp = THREADS.getThreadAllocatedBytes(strategyThread);
                    gcAtWarmUp = collections();
                }
            }
            feedThread.join();
            endNanos = System.nanoTime();
            while (ring.remainingCapacity() < ring.capacity()) { // the strategy still has ticks to handle
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
            strategyAllocated = strategyAtWarmUp < 0 ? -1
                    : THREADS.getThreadAllocatedBytes(strategyThread) - strategyAtWarmUp;
            errors = ring.errorCount();
            gcWarm = gcAtWarmUp;
        } // close: the strategy handles every tick published, then its thread ends
        long[] gcAfter = collections();
        summarise(publisher, strategy, orders, endNanos - startNanos, errors, gcBefore, gcWarm, gcAfter);
        if (strategyAllocated < 0 || publisher.allocatedAfterWarmUp() < 0) {
            out.printf(Locale.ROOT, "allocated after warm-up: not measured (the run ended before %d s, the window"
                    + " plus a second)%n", warmUpSeconds());
        } else {
            out.printf(Locale.ROOT, "allocated after warm-up (from %d s on): feed thread %,d B,"
                    + " strategy thread %,d B%n", warmUpSeconds(), publisher.allocatedAfterWarmUp(), strategyAllocated);
        }
    }

    /**
     * When the windows are full and the JIT has compiled the hot paths: the window's length plus a
     * second. Until then each symbol's window arrays grow to their longest, which allocates.
     */
    private long warmUpSeconds() {
        return TimeUnit.NANOSECONDS.toSeconds(options.window().toNanos() + TimeUnit.SECONDS.toNanos(1)
                + TimeUnit.SECONDS.toNanos(1) - 1);
    }


    private void summarise(PacedPublisher publisher, VwapStrategy strategy, OrderSink orders, long elapsedNanos,
            long errors, long[] gcBefore, long[] gcAtWarmUp, long[] gcAfter) {
        long ticks = publisher.published();
        double seconds = elapsedNanos / 1e9;
        out.printf(Locale.ROOT, "done: %,d ticks in %.2f s (%,.0f ticks/s), %,d signals, %,d orders"
                + " (%,d buys, %,d sells), %d strategy errors%n", ticks, seconds, ticks / seconds, strategy.signals(),
                orders.orders(), orders.buys(), orders.orders() - orders.buys(), errors);
        printPercentiles("latency, tick due to order sent", orders.latency(), "orders");
        printPercentiles("latency after warm-up (ticks due from " + warmUpSeconds() + " s on)", orders.steadyLatency(),
                "orders");
        printPercentiles("feed lag, tick due to published", publisher.lag(), "ticks");
        List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
        StringBuilder each = new StringBuilder();
        long total = 0;
        for (int i = 0; i < collectors.size(); i++) {
            long ran = gcAfter[i] - gcBefore[i];
            total += ran;
            each.append(i == 0 ? "" : ", ").append(collectors.get(i).getName()).append(' ').append(ran);
        }
        out.printf(Locale.ROOT, "GC: %d collections during the run (%s); %s%n", total, each, gcAtWarmUp == null
                ? "after warm-up not measured" : sum(gcAfter) - sum(gcAtWarmUp) + " after warm-up (from "
                        + warmUpSeconds() + " s on)");
        if (orders.orders() > 0 && options.printOrders() > 0) {
            out.println("first orders:");
            orders.printSamples(out);
        }
    }

    private void printPercentiles(String what, Histogram histogram, String of) {
        if (histogram.getTotalCount() == 0) {
            out.printf(Locale.ROOT, "%s: no %s%n", what, of);
            return;
        }
        out.printf(Locale.ROOT, "%s, ns (%,d %s): p50 %,d  p99 %,d  p99.9 %,d  max %,d%n", what,
                histogram.getTotalCount(), of, histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(99),
                histogram.getValueAtPercentile(99.9), histogram.getMaxValue());
    }

    private static long sum(long[] counts) {
        long total = 0;
        for (long count : counts) {
            total += count;
        }
        return total;
    }

    /** Each garbage collector's collection count so far, in the order the JVM lists them. */
    private static long[] collections() {
        List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
        long[] counts = new long[collectors.size()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = Math.max(0, collectors.get(i).getCollectionCount());
        }
        return counts;
    }
}
