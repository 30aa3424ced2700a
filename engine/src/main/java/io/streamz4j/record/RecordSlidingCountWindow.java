package io.streamz4j.record;

import io.streamz4j.record.value.WindowAggregateDecoder;
import io.streamz4j.record.value.WindowAggregateEncoder;

import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * {@link RecordWindow#slidingCount(int)}: on every record, the aggregate of its key's last
 * {@code n} records (fewer while the key has had fewer), written into this operator's own slot and
 * lent to the step below. windowStart and windowEnd are the key's record ordinals
 * {@code [max(0, c - n), c)}.
 *
 * <p>Thread safety: runs on the thread that hands it records (a ring's consumer thread), which
 * alone touches its state; retains, per key, the values and weights of its last {@code n} records
 * (in a {@link SlidingAggregate}) for the life of the flow.
 *
 * @param <D> the record's decoder
 */
final class RecordSlidingCountWindow<D> implements RecordHandler<D> {
    private final ToLongFunction<? super D> key;
    private final ToDoubleFunction<? super D> value;
    private final ToDoubleFunction<? super D> weight;
    private final int n;
    private final Long2ObjectHashMap<SlidingAggregate> windows = new Long2ObjectHashMap<>();
    private final StatisticSelection selection;
    private final AggregateSlot slot;
    private final RecordHandler<? super WindowAggregateDecoder> downstream;

    RecordSlidingCountWindow(RecordWindow<D> window, RecordHandler<? super WindowAggregateDecoder> downstream) {
        this.key = window.keyFunction();
        this.value = window.valueFunction();
        this.weight = window.weightFunction();
        this.n = (int) window.length();
        this.downstream = downstream;
        this.selection = window.selection();
        this.slot = new AggregateSlot(window.toString());
    }

    @Override
    public void onRecord(D record, long sequence, boolean endOfBatch) throws Exception {
        // Every user function runs before any state changes, so one that throws leaves the window as it was.
        long k = key.applyAsLong(record);
        double v = value.applyAsDouble(record);
        double w = weight.applyAsDouble(record);
        SlidingAggregate window = windows.get(k);
        if (window == null) {
            window = new SlidingAggregate(selection);
            windows.put(k, window);
        }
        if (window.size() == n) {
            window.removeOldest();
        }
        window.add(0, v, w);
        WindowAggregateEncoder out = slot.encoder;
        out.key(k).windowStart(window.firstOrdinal()).windowEnd(window.nextOrdinal()).late(0);
        window.write(out);
        downstream.onRecord(slot.decoder, sequence, endOfBatch);
    }

    @Override
    public void onBatchEnd(long sequence) throws Exception {
        downstream.onBatchEnd(sequence);
    }
}
