package io.streamz4j.record;

import io.streamz4j.record.value.WindowAggregateEncoder;

/**
 * One key's tumbling window: its {@link WindowSums} and running smallest and largest value. A
 * tumbling window only grows until it closes, so it keeps no record, only these, and costs O(1)
 * per record with nothing allocated; {@link #clear()} starts the next window. Extended by the
 * operators that keep more per key (where their window starts, its late records).
 *
 * <p>Thread safety: not thread safe; confined to the thread of the window operator that owns it.
 */
class TumblingAggregate {
    private final StatisticSelection selection;
    private final WindowSums sums;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;

    TumblingAggregate(StatisticSelection selection) {
        this.selection = selection;
        this.sums = new WindowSums(selection);
    }

    final void add(double value, double weight) {
        sums.add(value, weight);
        min = Math.min(min, value);
        max = Math.max(max, value);
    }

    final long count() {
        return sums.count();
    }

    final void clear() {
        sums.clear();
        min = Double.POSITIVE_INFINITY;
        max = Double.NEGATIVE_INFINITY;
    }

    /** Writes count and the chosen statistics (NaN for the others); the window must hold a record. */
    final void write(WindowAggregateEncoder out) {
        sums.write(out);
        selection.writeExtremes(out, min, max);
    }
}
