package io.streamz4j.record;

import io.streamz4j.record.value.WindowAggregateDecoder;
import io.streamz4j.record.value.WindowAggregateEncoder;

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
final class RecordTumblingTimeWindow<D> extends KeyedWindowOperator<D, RecordTumblingTimeWindow.KeyWindow> {
    /** A key's open window: where it starts and how many records came too late for it. */
    static final class KeyWindow extends TumblingAggregate {
        long start;
        long late;

        KeyWindow(StatisticSelection selection, long start) {
            super(selection);
            this.start = start;
        }
    }

    RecordTumblingTimeWindow(RecordWindow<D> window, RecordHandler<? super WindowAggregateDecoder> downstream) {
        super(window, downstream);
    }

    @Override
    KeyWindow newWindow(long time) {
        return new KeyWindow(selection, windowStart(time));
    }

    @Override
    boolean accept(KeyWindow window, long key, long time, double value, double weight, WindowAggregateEncoder out) {
        long start = windowStart(time);
        if (start == window.start) {
            window.add(value, weight);
            return false;
        }
        if (start < window.start) {
            window.late++;
            return false;
        }
        out.key(key).windowStart(window.start).windowEnd(window.start + length).late(window.late);
        window.write(out);
        window.clear();
        window.start = start;
        window.late = 0;
        window.add(value, weight);
        return true;
    }

    /** The start of the window {@code [k L, (k + 1) L)} that holds {@code time}. */
    private long windowStart(long time) {
        return Math.floorDiv(time, length) * length;
    }
}
