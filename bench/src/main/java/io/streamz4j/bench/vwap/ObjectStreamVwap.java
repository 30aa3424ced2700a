package io.streamz4j.bench.vwap;

import io.streamz4j.Stream;
import io.streamz4j.runtime.WaitStrategy;

/**
 * streamz4j's object path: a new {@link Tick} per event emitted into
 * {@code source.buffer(1024, BUSY_SPIN)}, whose consumer thread runs
 * {@code map(vwap::update).filter(signal).sink(record)} and then, on a second branch (streamz's
 * depth-first order runs it after the first), counts the tick handled.
 */
final class ObjectStreamVwap extends VwapSide {
    private final Stream<Tick> source = new Stream<>("ticks");

    ObjectStreamVwap(VwapTicks ticks, long windowNanos, double thresholdBps, SignalSink sink) {
        super(ticks, windowNanos, thresholdBps, sink);
        ObjectVwap vwap = new ObjectVwap(windowNanos);
        Stream<Tick> buffered = source.buffer(CAPACITY, WaitStrategy.BUSY_SPIN);
        buffered.map(vwap::update)
                .filter(tick -> Signal.deviates(tick.getPrice(), tick.vwap(), thresholdBps))
                .sink(tick -> sink.signal(tick.getTimestamp(), tick.vwap()));
        buffered.sink(tick -> sink.handled());
    }

    @Override
    public void publish(long seq) {
        source.emit(Tick.of(ticks, seq));
    }

    @Override
    public void close() {
        source.destroy();
    }
}
