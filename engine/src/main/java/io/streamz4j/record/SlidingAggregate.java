package io.streamz4j.record;

import io.streamz4j.record.value.WindowAggregateEncoder;

/**
 * One key's sliding window: the records now in it (time, value and weight, oldest first, side
 * by side in one ring of longs, so adding and dropping a record each touch one cache line), their
 * {@link WindowSums}, and their {@link SlidingExtremes} (smallest and largest value), so adding a
 * record and removing the oldest cost O(1) amortised whatever the window's length. Records are numbered by ordinal from 0 in the order they were
 * added; the window holds ordinals {@code [firstOrdinal, nextOrdinal)}. The ring doubles when full,
 * which happens only while the window grows to its longest (warm-up); after that nothing is
 * allocated. When the last record leaves, the sums go back to exactly zero. Extended by the
 * operators that keep more per key (its newest time, its late records), so a key's state is one
 * object fewer to reach per record.
 *
 * <p>Thread safety: not thread safe; confined to the thread of the window operator that owns it.
 */
class SlidingAggregate {
    private static final int INITIAL_CAPACITY = 8;
    private static final int STRIDE = 3;

    private final StatisticSelection selection;
    private final WindowSums sums;
    /** Null when no chosen statistic needs the extremes. */
    private final SlidingExtremes extremes;
    /** Per record, at {@code STRIDE * (ordinal & mask)}: time, value bits, weight bits (two records a cache line). */
    private long[] records = new long[INITIAL_CAPACITY * STRIDE];
    private int mask = INITIAL_CAPACITY - 1;
    private long firstOrdinal;
    private long nextOrdinal;

    SlidingAggregate(StatisticSelection selection) {
        this.selection = selection;
        this.sums = new WindowSums(selection);
        this.extremes = selection.keepsExtremes ? new SlidingExtremes() : null;
    }

    /** Adds a record, the newest. */
    final void add(long time, double value, double weight) {
        if (size() > mask) {
            grow();
        }
        int at = ((int) nextOrdinal & mask) * STRIDE;
        records[at] = time;
        records[at + 1] = Double.doubleToRawLongBits(value);
        records[at + 2] = Double.doubleToRawLongBits(weight);
        sums.add(value, weight);
        if (extremes != null) {
            extremes.push(value);
        }
        nextOrdinal++;
    }

    /** Removes the oldest record; there must be one. */
    final void removeOldest() {
        int at = ((int) firstOrdinal & mask) * STRIDE;
        firstOrdinal++;
        if (firstOrdinal == nextOrdinal) {
            sums.clear();
            if (extremes != null) {
                extremes.clear();
            }
        } else {
            sums.remove(Double.longBitsToDouble(records[at + 1]), Double.longBitsToDouble(records[at + 2]));
            if (extremes != null) {
                extremes.removeOldest();
            }
        }
    }

    final int size() {
        return (int) (nextOrdinal - firstOrdinal);
    }

    /** The time of the oldest record; there must be one. */
    final long oldestTime() {
        return records[((int) firstOrdinal & mask) * STRIDE];
    }

    final long firstOrdinal() {
        return firstOrdinal;
    }

    final long nextOrdinal() {
        return nextOrdinal;
    }

    /** Writes count and the chosen statistics (NaN for the others); the window must hold a record. */
    final void write(WindowAggregateEncoder out) {
        sums.write(out);
        if (extremes != null) {
            selection.writeExtremes(out, extremes.min(), extremes.max());
        }
    }

    private void grow() {
        int capacity = mask + 1;
        int newMask = capacity * 2 - 1;
        long[] grown = new long[capacity * 2 * STRIDE];
        for (long ordinal = firstOrdinal; ordinal < nextOrdinal; ordinal++) {
            int from = ((int) ordinal & mask) * STRIDE;
            System.arraycopy(records, from, grown, ((int) ordinal & newMask) * STRIDE, STRIDE);
        }
        records = grown;
        mask = newMask;
    }
}
