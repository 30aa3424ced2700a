package io.streamz4j.record;

/**
 * The smallest and largest value of a sliding window (records leave oldest first) in O(1)
 * amortised per record without a data-dependent branch, as the two-stacks queue does it: the
 * window is split into a front, its oldest records, for which the minimum and maximum of each
 * record and all newer front records are stored, and a back, its newest records, of which only
 * the running minimum and maximum are kept. The window's extremes combine the oldest front record's
 * with the back's. When the front runs out, the back becomes the front in one backward pass
 * (each record passes once: O(1) amortised, a pass as long as the window once every window's worth
 * of records). A monotonic deque needs no such pass but mispredicts a branch per record on random
 * values, which costs more on the record path's hot loop. Min and max follow {@link Math#min} and
 * {@link Math#max}. Its arrays double when full, only while the window grows to its longest
 * (warm-up); after that nothing is allocated.
 *
 * <p>Thread safety: not thread safe; confined to the thread of the window that owns it.
 */
final class SlidingExtremes {
    private static final int INITIAL_CAPACITY = 8;

    /** Values by position (ordinal modulo the capacity); for the front, also each suffix's extremes. */
    private double[] values = new double[INITIAL_CAPACITY];
    private double[] suffixMin = new double[INITIAL_CAPACITY];
    private double[] suffixMax = new double[INITIAL_CAPACITY];
    /** Ordinals: the front is [first, split), the back [split, next). */
    private long first;
    private long split;
    private long next;
    private double backMin = Double.POSITIVE_INFINITY;
    private double backMax = Double.NEGATIVE_INFINITY;

    /** Adds the newest value. */
    void push(double value) {
        if (next - first == values.length) {
            grow();
        }
        values[(int) next & (values.length - 1)] = value;
        next++;
        backMin = Math.min(backMin, value);
        backMax = Math.max(backMax, value);
    }

    /** Removes the oldest value; there must be one. */
    void removeOldest() {
        if (first == split) {
            flip();
        }
        first++;
    }

    /** The smallest value held; there must be one. */
    double min() {
        return first < split ? Math.min(suffixMin[(int) first & (values.length - 1)], backMin) : backMin;
    }

    /** The largest value held; there must be one. */
    double max() {
        return first < split ? Math.max(suffixMax[(int) first & (values.length - 1)], backMax) : backMax;
    }

    void clear() {
        first = next;
        split = next;
        backMin = Double.POSITIVE_INFINITY;
        backMax = Double.NEGATIVE_INFINITY;
    }

    /** The front is empty: makes the whole back the front, storing each suffix's extremes, newest first. */
    private void flip() {
        int mask = values.length - 1;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (long ordinal = next - 1; ordinal >= first; ordinal--) {
            int slot = (int) ordinal & mask;
            min = Math.min(min, values[slot]);
            max = Math.max(max, values[slot]);
            suffixMin[slot] = min;
            suffixMax[slot] = max;
        }
        split = next;
        backMin = Double.POSITIVE_INFINITY;
        backMax = Double.NEGATIVE_INFINITY;
    }

    private void grow() {
        int capacity = values.length;
        double[] newValues = new double[capacity * 2];
        double[] newMin = new double[capacity * 2];
        double[] newMax = new double[capacity * 2];
        for (long ordinal = first; ordinal < next; ordinal++) {
            int from = (int) ordinal & (capacity - 1);
            int to = (int) ordinal & (capacity * 2 - 1);
            newValues[to] = values[from];
            newMin[to] = suffixMin[from];
            newMax[to] = suffixMax[from];
        }
        values = newValues;
        suffixMin = newMin;
        suffixMax = newMax;
    }
}
