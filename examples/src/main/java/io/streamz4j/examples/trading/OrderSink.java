package io.streamz4j.examples.trading;

import io.streamz4j.examples.trading.sbe.OrderDecoder;
import io.streamz4j.examples.trading.sbe.Side;
import io.streamz4j.record.RecordHandler;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.HdrHistogram.Histogram;

/**
 * Where orders go: the stand-in for an order gateway. For each order it records the latency from
 * the moment its tick was due on the feed's schedule to now (so a feed or strategy that falls
 * behind shows as latency, not as a slower schedule), counts it, and keeps the first few for the
 * summary. Recording into a preallocated HdrHistogram, counting and keeping samples in primitive
 * arrays allocate nothing.
 *
 * <p>Thread safety: runs on the tick ring's consumer thread only; {@link #orders()} may be read
 * from any thread; the histogram and samples are read after that thread has stopped (the ring's
 * close joins it). Retains the first {@code samples} orders' fields.
 */
public final class OrderSink implements RecordHandler<OrderDecoder> {
    /** Latencies above this (a minute) are recorded as this. */
    public static final long HIGHEST_NANOS = 60_000_000_000L;

    private final long scheduleStartNanos;
    private final long warmUpNanos;
    private final Histogram latency = new Histogram(HIGHEST_NANOS, 3);
    /** The orders of ticks due after the warm-up: the steady state, without the JIT's first second. */
    private final Histogram steadyLatency = new Histogram(HIGHEST_NANOS, 3);
    private final Counter orders = new Counter();
    private long buys;
    private final byte[] sampleSymbols;
    private final boolean[] sampleBuys;
    private final double[] samplePrices;
    private final double[] sampleVwaps;
    private final long[] sampleTimestamps;
    private int sampled;

    /**
     * A sink for orders whose ticks were due at {@code scheduleStartNanos} ({@link System#nanoTime()})
     * plus their offset from the session's open; keeps the first {@code samples} orders, and
     * records the latency of the orders whose ticks were due {@code warmUpNanos} or more after the
     * start apart as well.
     */
    public OrderSink(long scheduleStartNanos, long warmUpNanos, int samples) {
        this.scheduleStartNanos = scheduleStartNanos;
        this.warmUpNanos = warmUpNanos;
        this.sampleSymbols = new byte[samples * OrderDecoder.symbolLength()];
        this.sampleBuys = new boolean[samples];
        this.samplePrices = new double[samples];
        this.sampleVwaps = new double[samples];
        this.sampleTimestamps = new long[samples];
    }

    @Override
    public void onRecord(OrderDecoder order, long sequence, boolean endOfBatch) {
        long due = scheduleStartNanos + (order.exchangeTimestamp() - MarketFeed.SESSION_OPEN_NANOS);
        long nanos = Math.min(Math.max(System.nanoTime() - due, 0), HIGHEST_NANOS);
        latency.recordValue(nanos);
        if (due - scheduleStartNanos >= warmUpNanos) {
            steadyLatency.recordValue(nanos);
        }
        boolean buy = order.side() == Side.BUY;
        if (buy) {
            buys++;
        }
        if (sampled < sampleBuys.length) {
            order.getSymbol(sampleSymbols, sampled * OrderDecoder.symbolLength());
            sampleBuys[sampled] = buy;
            samplePrices[sampled] = order.price();
            sampleVwaps[sampled] = order.vwap();
            sampleTimestamps[sampled] = order.exchangeTimestamp();
            sampled++;
        }
        orders.increment();
    }

    /** Orders so far. */
    public long orders() {
        return orders.get();
    }

    /** Buy orders; the rest are sells. Read after the consumer thread stopped. */
    public long buys() {
        return buys;
    }

    /** Tick due to order sent, in nanoseconds. Read after the consumer thread stopped. */
    public Histogram latency() {
        return latency;
    }

    /** As {@link #latency()}, for the orders of ticks due after the warm-up only. */
    public Histogram steadyLatency() {
        return steadyLatency;
    }

    /**
     * Prints the kept orders, one a line, as
     * {@code order 1: BUY  AAPL     100 @ 187.2301 vwap 187.9912 (-40.5 bps) tick 1767623400000123000}
     * (the tick is the firing tick's exchange timestamp). Read after the consumer thread stopped.
     */
    public void printSamples(PrintStream out) {
        int length = OrderDecoder.symbolLength();
        for (int i = 0; i < sampled; i++) {
            int end = i * length;
            while (end < (i + 1) * length && sampleSymbols[end] != 0) {
                end++;
            }
            String symbol = new String(sampleSymbols, i * length, end - i * length, StandardCharsets.US_ASCII);
            out.printf(Locale.ROOT, "  order %d: %-4s %-8s %d @ %.4f vwap %.6f (%+.1f bps) tick %d%n", i + 1,
                    sampleBuys[i] ? "BUY" : "SELL", symbol, VwapStrategy.ORDER_QUANTITY, samplePrices[i],
                    sampleVwaps[i], VwapStrategy.deviationBps(samplePrices[i], sampleVwaps[i]), sampleTimestamps[i]);
        }
    }
}
