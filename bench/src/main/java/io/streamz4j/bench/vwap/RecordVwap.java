package io.streamz4j.bench.vwap;

import io.streamz4j.examples.trading.sbe.MarketTickDecoder;
import io.streamz4j.examples.trading.sbe.MarketTickEncoder;
import io.streamz4j.record.RecordFlow;
import io.streamz4j.record.RecordHandler;
import io.streamz4j.record.RecordKeys;
import io.streamz4j.record.RecordLayout;
import io.streamz4j.record.RecordRing;
import io.streamz4j.record.RecordWindow;
import io.streamz4j.record.WindowStatistic;
import io.streamz4j.runtime.WaitStrategy;

import java.time.Duration;

/**
 * streamz4j's record path: the producer encodes each tick in place into a claimed slot of an
 * off-heap {@link RecordRing} (SBE flyweights of the trading example's schema, generated into this
 * module at build time), busy-spinning; the ring's consumer runs
 * {@code RecordFlow.from(TICK).window(keyedBy(symbol).slidingTime(W, exchangeTimestamp)
 * .value(price).weight(quantity).statistics(WEIGHTED_MEAN)).filter(signal).sink(record)}, the
 * window computing the VWAP alone (the sums it needs, no extremes). The window's aggregate holds the
 * VWAP, not the tick's price, so the ring's handler holds the tick (lent for the call) while the
 * flow below runs.
 */
final class RecordVwap extends VwapSide {
    static final RecordLayout<MarketTickEncoder, MarketTickDecoder> TICK =
            RecordLayout.of("MarketTick", MarketTickEncoder::new, MarketTickDecoder::new);

    private final RecordRing<MarketTickEncoder, MarketTickDecoder> ring;

    RecordVwap(VwapTicks ticks, long windowNanos, double thresholdBps, SignalSink sink) {
        super(ticks, windowNanos, thresholdBps, sink);
        ring = RecordRing.builder(TICK).name("bench-vwap-records").capacity(CAPACITY)
                .waitStrategy(WaitStrategy.BUSY_SPIN).handler(new Strategy(windowNanos, thresholdBps, sink)).build();
    }

    /**
     * The ring's handler: holds the tick, runs the flow, counts the tick handled.
     *
     * <p>Thread safety: the ring's consumer thread only.
     */
    private static final class Strategy implements RecordHandler<MarketTickDecoder> {
        private final SignalSink sink;
        private final RecordHandler<MarketTickDecoder> flow;
        private MarketTickDecoder tick;

        Strategy(long windowNanos, double thresholdBps, SignalSink sink) {
            this.sink = sink;
            this.flow = RecordFlow.from(TICK)
                    .window(RecordWindow.keyedBy(TICK, RecordKeys.ascii(MarketTickDecoder.symbolEncodingOffset(),
                                    MarketTickDecoder.symbolLength()))
                            .slidingTime(Duration.ofNanos(windowNanos), MarketTickDecoder::exchangeTimestamp)
                            .value(MarketTickDecoder::price)
                            .weight(MarketTickDecoder::quantity)
                            .statistics(WindowStatistic.WEIGHTED_MEAN))
                    .filter(vwap -> Signal.deviates(tick.price(), vwap.weightedMean(), thresholdBps))
                    .sink((vwap, sequence, endOfBatch) -> sink.signal(tick.exchangeTimestamp(), vwap.weightedMean()));
        }

        @Override
        public void onRecord(MarketTickDecoder tick, long sequence, boolean endOfBatch) throws Exception {
            this.tick = tick;
            flow.onRecord(tick, sequence, endOfBatch);
            sink.handled();
        }
    }

    /**
     * Claims with {@code claim()}, which waits while the ring is full as the floor's
     * {@code ring.next()} does (a short spin, then parking for the shortest time the OS gives): the
     * sides differ in their pipelines, not in how a producer waits.
     */
    @Override
    public void publish(long seq) {
        long sequence = ring.claim();
        ring.encoder(sequence).putSymbol(ticks.symbolBytes(seq), 0)
                .price(ticks.price(seq))
                .quantity(ticks.quantity(seq))
                .exchangeTimestamp(VwapTicks.timestamp(seq));
        ring.publish(sequence);
    }

    @Override
    public void close() {
        ring.close();
    }
}
