package io.streamz4j.record;

import io.streamz4j.record.value.WindowAggregateDecoder;
import io.streamz4j.record.value.WindowAggregateEncoder;

import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * {@link RecordWindow#slidingTime}: on every record, the aggregate of its key's records with event
 * time in {@code (t - L, t]}, {@code t} the key's newest time, written into this operator's own
 * slot and lent to the step below; windowStart = {@code t - L} (exclusive), windowEnd = {@code t}. A
 * record older than its key's newest time is refused (not merged, nothing emitted) and counted in
 * the {@code late} field of the key's next aggregate: the window keeps its records in time order,
 * which is what lets it drop the oldest in O(1).
 *
 * <p>Thread safety: runs on the thread that hands it records (a ring's consumer thread), which
 * alone touches its state; retains, per key, the times, values and weights of the records in its
 * window (in a {@link SlidingAggregate}) for the life of the flow.
 *
 * @param <D> the record's decoder
 */
final class RecordSlidingTimeWindow<D> implements RecordHandler<D> {
    private final ToLongFunction<? super D> key;
    private final ToLongFunction<? super D> time;
    private final ToDoubleFunction<? super D> value;
    private final ToDoubleFunction<? super D> weight;
    private final long length;
    private final Long2ObjectHashMap<KeyWindow> windows = new Long2ObjectHashMap<>();
    private final StatisticSelection selection;
    private final AggregateSlot slot;
    private final RecordHandler<? super WindowAggregateDecoder> downstream;

    /** A key's window, its newest time, and the records it refused since its last aggregate. */
    private static final class KeyWindow extends SlidingAggregate {
        long newest;
        long late;

        KeyWindow(StatisticSelection selection) {
            super(selection);
        }
    }

    RecordSlidingTimeWindow(RecordWindow<D> window, RecordHandler<? super WindowAggregateDecoder> downstream) {
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
        KeyWindow window = windows.get(k);
        if (window == null) {
            window = new KeyWindow(selection);
            windows.put(k, window);
        } else if (t < window.newest) {
            window.late++;
            if (endOfBatch) {
                downstream.onBatchEnd(sequence);
            }
            return;
        }
        window.newest = t;
        window.add(t, v, w);
        while (t - window.oldestTime() >= length) { // the newest record itself never leaves: L > 0
            window.removeOldest();
        }
        WindowAggregateEncoder out = slot.encoder;
        out.key(k).windowStart(t - length).windowEnd(t).late(window.late);
        window.write(out);
        window.late = 0;
        downstream.onRecord(slot.decoder, sequence, endOfBatch);
    }

    @Override
    public void onBatchEnd(long sequence) throws Exception {
        downstream.onBatchEnd(sequence);
    }
}
