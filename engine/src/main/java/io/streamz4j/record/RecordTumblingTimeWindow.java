package io.streamz4j.record;

import io.streamz4j.record.value.WindowAggregateDecoder;
import io.streamz4j.record.value.WindowAggregateEncoder;

import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * {@link RecordWindow#tumblingTime}: each record goes to its key's window {@code [k L, (k + 1) L)}
 * holding its event time; when a key's first record of a later window arrives, the key's open
 * window's aggregate is written into this operator's own slot and lent to the step below, and that
 * record opens the new window. Other records emit nothing (the step below is told of the batch's
 * end instead). A record before its key's open window is refused (not merged into a window it
 * does not belong to, nothing emitted) and counted in that window's {@code late} field.
 *
 * <p>Thread safety: runs on the thread that hands it records (a ring's consumer thread), which
 * alone touches its state; retains, per key, only the open window's start, sums, min, max and late
 * count, for the life of the flow.
 *
 * @param <D> the record's decoder
 */
final class RecordTumblingTimeWindow<D> implements RecordHandler<D> {
    private final ToLongFunction<? super D> key;
    private final ToLongFunction<? super D> time;
    private final ToDoubleFunction<? super D> value;
    private final ToDoubleFunction<? super D> weight;
    private final long length;
    private final Long2ObjectHashMap<KeyWindow> windows = new Long2ObjectHashMap<>();
    private final StatisticSelection selection;
    private final AggregateSlot slot;
    private final RecordHandler<? super WindowAggregateDecoder> downstream;

    /** A key's open window: where it starts and how many records came too late for it. */
    private static final class KeyWindow extends TumblingAggregate {
        long start;
        long late;

        KeyWindow(StatisticSelection selection) {
            super(selection);
        }
    }

    RecordTumblingTimeWindow(RecordWindow<D> window, RecordHandler<? super WindowAggregateDecoder> downstream) {
        this.key = window.keyFunction();
        this.time = window.timeFunction();
        this.value = window.valueFunction();
        this.weight = window.weightFunction();
        this.length = window.length();
        this.downstream = downstream;
        this.selection = window.selection();
        this.slot = new AggregateSlot(window.toString());
    }

    @Override
    public void onRecord(D record, long sequence, boolean endOfBatch) throws Exception {
        // Every user function runs before any state changes, so one that throws leaves the window as it was.
        long k = key.applyAsLong(record);
        long t = time.applyAsLong(record);
        double v = value.applyAsDouble(record);
        double w = weight.applyAsDouble(record);
        long start = Math.floorDiv(t, length) * length;
        KeyWindow window = windows.get(k);
        if (window == null) {
            window = new KeyWindow(selection);
            window.start = start;
            windows.put(k, window);
        }
        if (start == window.start) {
            window.add(v, w);
        } else if (start < window.start) {
            window.late++;
        } else {
            WindowAggregateEncoder out = slot.encoder;
            out.key(k).windowStart(window.start).windowEnd(window.start + length).late(window.late);
            window.write(out);
            window.clear();
            window.start = start;
            window.late = 0;
            window.add(v, w);
            downstream.onRecord(slot.decoder, sequence, endOfBatch);
            return;
        }
        if (endOfBatch) {
            downstream.onBatchEnd(sequence);
        }
    }

    @Override
    public void onBatchEnd(long sequence) throws Exception {
        downstream.onBatchEnd(sequence);
    }
}
