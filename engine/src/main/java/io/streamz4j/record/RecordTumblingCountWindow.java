package io.streamz4j.record;

import io.streamz4j.record.value.WindowAggregateDecoder;
import io.streamz4j.record.value.WindowAggregateEncoder;

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
final class RecordTumblingCountWindow<D> extends KeyedWindowOperator<D, RecordTumblingCountWindow.KeyWindow> {
    /** A key's open window, and how many it has closed (which numbers the next one). */
    static final class KeyWindow extends TumblingAggregate {
        long closed;

        KeyWindow(StatisticSelection selection) {
            super(selection);
        }
    }

    RecordTumblingCountWindow(RecordWindow<D> window, RecordHandler<? super WindowAggregateDecoder> downstream) {
        super(window, downstream);
    }

    @Override
    KeyWindow newWindow(long time) {
        return new KeyWindow(selection);
    }

    @Override
    boolean accept(KeyWindow window, long key, long time, double value, double weight, WindowAggregateEncoder out) {
        window.add(value, weight);
        if (window.count() < length) {
            return false;
        }
        long start = window.closed * length;
        out.key(key).windowStart(start).windowEnd(start + length).late(0);
        window.write(out);
        window.clear();
        window.closed++;
        return true;
    }
}
