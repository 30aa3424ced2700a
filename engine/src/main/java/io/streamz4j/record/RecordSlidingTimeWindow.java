package io.streamz4j.record;

import io.streamz4j.record.value.WindowAggregateDecoder;
import io.streamz4j.record.value.WindowAggregateEncoder;

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
final class RecordSlidingTimeWindow<D> extends KeyedWindowOperator<D, RecordSlidingTimeWindow.KeyWindow> {
    /** A key's window, its newest time, and the records it refused since its last aggregate. */
    static final class KeyWindow extends SlidingAggregate {
        long newest;
        long late;

        KeyWindow(StatisticSelection selection, long newest) {
            super(selection);
            this.newest = newest;
        }
    }

    RecordSlidingTimeWindow(RecordWindow<D> window, RecordHandler<? super WindowAggregateDecoder> downstream) {
        super(window, downstream);
    }

    @Override
    KeyWindow newWindow(long time) {
        return new KeyWindow(selection, time);
    }

    @Override
    boolean accept(KeyWindow window, long key, long time, double value, double weight, WindowAggregateEncoder out) {
        if (time < window.newest) {
            window.late++;
            return false;
        }
        window.newest = time;
        window.add(time, value, weight);
        while (time - window.oldestTime() >= length) { // the newest record itself never leaves: L > 0
            window.removeOldest();
        }
        out.key(key).windowStart(time - length).windowEnd(time).late(window.late);
        window.write(out);
        window.late = 0;
        return true;
    }
}
