package io.streamz4j.examples.trading;

import io.streamz4j.examples.trading.sbe.MarketTickDecoder;
import io.streamz4j.examples.trading.sbe.OrderDecoder;
import io.streamz4j.examples.trading.sbe.OrderEncoder;
import io.streamz4j.examples.trading.sbe.Side;
import io.streamz4j.record.RecordFlow;
import io.streamz4j.record.RecordHandler;
import io.streamz4j.record.RecordWindow;
import io.streamz4j.record.WindowStatistic;
import io.streamz4j.record.value.WindowAggregateDecoder;

import java.time.Duration;

import org.agrona.collections.Hashing;
import org.agrona.collections.Long2LongHashMap;

/**
 * The strategy, on the record path: each tick updates its symbol's VWAP over a sliding event-time
 * window ({@code RecordFlow.window}: sum(price * quantity) / sum(quantity) over the symbol's ticks
 * of the last {@code window}, the tick included, and nothing else computed); a signal fires when the tick's price is more than
 * {@code thresholdBps} basis points from that VWAP (buy below it, sell above: a bet on reversion);
 * a position limit lets a signal through as an order only while the symbol's position stays within
 * {@link #MAX_POSITION} shares; each order is written into an {@code Order} record and handed to the
 * order sink.
 *
 * <pre>
 *   tick ── window(VWAP per symbol) ── filter(|price - vwap| > threshold) ── filter(position limit)
 *        ── map(Order record) ── sink(orders)
 * </pre>
 *
 * <p>The window's aggregate carries the VWAP, not the tick's price, so this handler holds the tick
 * it is handling for the length of the call (the tick is lent for exactly that call, and the steps
 * below run inside it). Nothing is allocated per tick: the window and the positions live in
 * primitive maps, the order in the map step's own slot.
 *
 * <p>Thread safety: runs on the tick ring's consumer thread only, which alone touches its state;
 * {@link #signals()} may be read from any thread. Retains per symbol the window's ticks and a position.
 */
public final class VwapStrategy implements RecordHandler<MarketTickDecoder> {
    /** Shares per order. */
    public static final long ORDER_QUANTITY = 100;
    /** The most shares long or short the strategy holds in one symbol. */
    public static final long MAX_POSITION = 1_000;

    /** The map's missing value: a flat position is 0, which the map must be able to hold. */
    private static final long NO_POSITION = Long.MIN_VALUE;

    private final double thresholdBps;
    private final RecordHandler<MarketTickDecoder> flow;
    private final Long2LongHashMap positions;
    private final Counter signals = new Counter();
    /** The tick being handled: set on entry, valid (lent) until {@link #onRecord} returns. */
    private MarketTickDecoder tick;

    public VwapStrategy(Duration window, double thresholdBps, int symbols, RecordHandler<? super OrderDecoder> orders) {
        if (!(thresholdBps > 0)) {
            throw new IllegalArgumentException("VwapStrategy: parameter 'thresholdBps' must be positive, got "
                    + thresholdBps);
        }
        this.thresholdBps = thresholdBps;
        this.positions = new Long2LongHashMap(Math.max(8, symbols * 2), Hashing.DEFAULT_LOAD_FACTOR, NO_POSITION);
        this.flow = RecordFlow.from(TradingLayouts.TICK)
                .window(RecordWindow.keyedBy(TradingLayouts.TICK, TradingLayouts.SYMBOL)
                        .slidingTime(window, MarketTickDecoder::exchangeTimestamp)
                        .value(MarketTickDecoder::price)
                        .weight(MarketTickDecoder::quantity)
                        .statistics(WindowStatistic.WEIGHTED_MEAN))
                .filter(this::deviates)
                .filter(this::withinLimit)
                .map(TradingLayouts.ORDER, this::writeOrder)
                .sink(orders);
    }

    @Override
    public void onRecord(MarketTickDecoder tick, long sequence, boolean endOfBatch) throws Exception {
        this.tick = tick;
        flow.onRecord(tick, sequence, endOfBatch);
    }

    @Override
    public void onBatchEnd(long sequence) throws Exception {
        flow.onBatchEnd(sequence);
    }

    /** Signals so far: ticks whose price left the band around their VWAP. */
    public long signals() {
        return signals.get();
    }

    /** How far {@code price} is from {@code vwap}, in basis points of the VWAP (negative: below). */
    public static double deviationBps(double price, double vwap) {
        return (price - vwap) / vwap * 10_000;
    }

    private boolean deviates(WindowAggregateDecoder vwap) {
        return Math.abs(deviationBps(tick.price(), vwap.weightedMean())) > thresholdBps;
    }

    /** Counts the signal; lets it through if the order keeps the position within the limit, and books it. */
    private boolean withinLimit(WindowAggregateDecoder vwap) {
        signals.increment();
        long signed = tick.price() < vwap.weightedMean() ? ORDER_QUANTITY : -ORDER_QUANTITY;
        long held = positions.get(vwap.key());
        long position = (held == NO_POSITION ? 0 : held) + signed;
        if (Math.abs(position) > MAX_POSITION) {
            return false;
        }
        positions.put(vwap.key(), position);
        return true;
    }

    private void writeOrder(WindowAggregateDecoder vwap, OrderEncoder order) {
        for (int i = 0; i < OrderEncoder.symbolLength(); i++) {
            order.symbol(i, tick.symbol(i));
        }
        double price = tick.price();
        order.side(price < vwap.weightedMean() ? Side.BUY : Side.SELL)
                .price(price)
                .quantity(ORDER_QUANTITY)
                .vwap(vwap.weightedMean())
                .exchangeTimestamp(tick.exchangeTimestamp());
    }
}
