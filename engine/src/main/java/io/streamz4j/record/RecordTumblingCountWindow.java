package io.streamz4j.record;

import io.streamz4j.record.value.WindowAggregateDecoder;
import io.streamz4j.record.value.WindowAggregateEncoder;

import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * {@link RecordWindow#tumblingCount(int)}: a key's records in windows of {@code n}; on a window's
 * {@code n}-th record, its aggregate is written into this operator's own slot and lent to the step
 * below, and the key starts a new window. Records that fill no window emit nothing (the step below
 * is told of the batch's end instead). windowStart and windowEnd are the key's record ordinals
 * {@code [k n, (k + 1) n)}.
 *
 * <p>Thread safety: runs on the thread that hands it records (a ring's consumer thread), which
 * alone touches its state; retains, per key, only the open window's sums, min and max, for the
 * life of the flow.
 *
 * @param <D> the record's decoder
 */
final class RecordTumblingCountWindow<D> implements RecordHandler<D> {
    private final ToLongFunction<? super D> key;
    private final ToDoubleFunction<? super D> value;
    private final ToDoubleFunction<? super D> weight;
    private final int n;
    private final Long2ObjectHashMap<KeyWindow> windows = new Long2ObjectHashMap<>();
    private final StatisticSelection selection;
    private final AggregateSlot slot;
    private final RecordHandler<? super WindowAggregateDecoder> downstream;

    /** A key's open window, and how many it has closed (which numbers the next one). */
    private static final class KeyWindow extends TumblingAggregate {
        long closed;

        KeyWindow(StatisticSelection selection) {
            super(selection);
        }
    }

    RecordTumblingCountWindow(RecordWindow<D> window, RecordHandler<? super WindowAggregateDecoder> downstream) {
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
        KeyWindow window = windows.get(k);
        if (window == null) {
            window = new KeyWindow(selection);
            windows.put(k, window);
        }
        window.add(v, w);
        if (window.count() < n) {
            if (endOfBatch) {
                downstream.onBatchEnd(sequence);
            }
            return;
        }
        long start = window.closed * n;
        WindowAggregateEncoder out = slot.encoder;
        out.key(k).windowStart(start).windowEnd(start + n).late(0);
        window.write(out);
        window.clear();
        window.closed++;
        downstream.onRecord(slot.decoder, sequence, endOfBatch);
    }

    @Override
    public void onBatchEnd(long sequence) throws Exception {
        downstream.onBatchEnd(sequence);
    }
}
