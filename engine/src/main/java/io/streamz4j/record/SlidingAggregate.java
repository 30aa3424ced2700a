package io.streamz4j.record;

import io.streamz4j.record.value.WindowAggregateEncoder;

/**
 * One key's sliding window: the records now in it (time, value and weight, oldest first, in a
 * ring of primitive arrays), their {@link WindowSums}, and their {@link SlidingExtremes} (smallest and
 * largest value), so adding a record and removing the oldest cost O(1) amortised
 * whatever the window's length. Records are numbered by ordinal from 0 in the order they were
 * added; the window holds ordinals {@code [firstOrdinal, nextOrdinal)}. The arrays double when full,
 * which happens only while the window grows to its longest (warm-up); after that nothing is
 * allocated. When the last record leaves, the sums go back to exactly zero. Extended by the
 * operators that keep more per key (its newest time, its late records), so a key's state is one
 * object fewer to reach per record.
 *
 * <p>Thread safety: not thread safe; confined to the thread of the window operator that owns it.
 */
class SlidingAggregate {
    private static final int INITIAL_CAPACITY = 8;

    private final WindowSums sums = new WindowSums();
    private final SlidingExtremes extremes = new SlidingExtremes();
    private long[] times = new long[INITIAL_CAPACITY];
    private double[] values = new double[INITIAL_CAPACITY];
    private double[] weights = new double[INITIAL_CAPACITY];
    private long firstOrdinal;
    private long nextOrdinal;

    /** Adds a record, the newest. */
    final void add(long time, double value, double weight) {
        if (size() == values.length) {
            grow();
        }
        int slot = (int) nextOrdinal & (values.length - 1);
        times[slot] = time;
        values[slot] = value;
        weights[slot] = weight;
        sums.add(value, weight);
        extremes.push(value);
        nextOrdinal++;
    }

    /** Removes the oldest record; there must be one. */
    final void removeOldest() {
        int slot = (int) firstOrdinal & (values.length - 1);
        firstOrdinal++;
        if (firstOrdinal == nextOrdinal) {
            sums.clear();
            extremes.clear();
        } else {
            sums.remove(values[slot], weights[slot]);
            extremes.removeOldest();
        }
    }

    final int size() {
        return (int) (nextOrdinal - firstOrdinal);
    }

    /** The time of the oldest record; there must be one. */
    final long oldestTime() {
        return times[(int) firstOrdinal & (values.length - 1)];
    }

    final long firstOrdinal() {
        return firstOrdinal;
    }

    final long nextOrdinal() {
        return nextOrdinal;
    }

    /** Writes count, sum, mean, min, max, weightSum and weightedMean; the window must hold a record. */
    final void write(WindowAggregateEncoder out) {
        sums.write(out);
        out.min(extremes.min());
        out.max(extremes.max());
    }

    private void grow() {
        int capacity = values.length;
        long[] newTimes = new long[capacity * 2];
        double[] newValues = new double[capacity * 2];
        double[] newWeights = new double[capacity * 2];
        for (long ordinal = firstOrdinal; ordinal < nextOrdinal; ordinal++) {
            int from = (int) ordinal & (capacity - 1);
            int to = (int) ordinal & (capacity * 2 - 1);
            newTimes[to] = times[from];
            newValues[to] = values[from];
            newWeights[to] = weights[from];
        }
        times = newTimes;
        values = newValues;
        weights = newWeights;
    }
}
