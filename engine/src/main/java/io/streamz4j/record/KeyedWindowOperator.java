package io.streamz4j.record;

import io.streamz4j.record.value.WindowAggregateDecoder;
import io.streamz4j.record.value.WindowAggregateEncoder;

import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * What the four window operators share: reading a record's key, time, value and weight through
 * the window's functions, finding the key's state in a primitive map (made on the key's first
 * record), and lending the aggregate slot to the step below when the window emits, or telling it
 * of the batch's end when it does not. Each kind says only how a record enters its key's window
 * ({@link #accept}).
 *
 * <p>Thread safety: runs on the thread that hands it records (a ring's consumer thread), which
 * alone touches its state; retains each key's state for the life of the flow.
 *
 * @param <D> the record's decoder
 * @param <W> a key's window state
 */
abstract class KeyedWindowOperator<D, W> implements RecordHandler<D> {
    private final ToLongFunction<? super D> key;
    /** Null for a count window, whose records' time is not read. */
    private final ToLongFunction<? super D> time;
    private final ToDoubleFunction<? super D> value;
    private final ToDoubleFunction<? super D> weight;
    private final Long2ObjectHashMap<W> windows = new Long2ObjectHashMap<>();
    private final AggregateSlot slot;
    private final RecordHandler<? super WindowAggregateDecoder> downstream;
    /** The statistics the window computes, for the key states this operator makes. */
    final StatisticSelection selection;
    /** The window's length: nanoseconds of event time, or records. */
    final long length;

    KeyedWindowOperator(RecordWindow<D> window, RecordHandler<? super WindowAggregateDecoder> downstream) {
        this.key = window.keyFunction();
        this.time = window.timeFunction();
        this.value = window.valueFunction();
        this.weight = window.weightFunction();
        this.length = window.length();
        this.selection = window.selection();
        this.slot = new AggregateSlot(window.toString());
        this.downstream = downstream;
    }

    @Override
    public final void onRecord(D record, long sequence, boolean endOfBatch) throws Exception {
        // Every user function runs before any state changes, so one that throws leaves the window as it was.
        long k = key.applyAsLong(record);
        long t = time == null ? 0 : time.applyAsLong(record);
        double v = value.applyAsDouble(record);
        double w = weight.applyAsDouble(record);
        W window = windows.get(k);
        if (window == null) {
            window = newWindow(t);
            windows.put(k, window);
        }
        if (accept(window, k, t, v, w, slot.encoder)) {
            downstream.onRecord(slot.decoder, sequence, endOfBatch);
        } else if (endOfBatch) {
            downstream.onBatchEnd(sequence);
        }
    }

    @Override
    public final void onBatchEnd(long sequence) throws Exception {
        downstream.onBatchEnd(sequence);
    }

    /** A key's state, made on its first record, whose event time is {@code time} (0 in a count window). */
    abstract W newWindow(long time);

    /**
     * Takes a record of key {@code key} into its window; when the window emits, writes the
     * aggregate through {@code out} and returns true.
     */
    abstract boolean accept(W window, long key, long time, double value, double weight, WindowAggregateEncoder out);
}
