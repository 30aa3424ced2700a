package io.streamz4j.frame.rolling;

import java.util.Arrays;

/**
 * Rolling min or max with a monotonic deque (as pandas' {@code _roll_min_max}): the deque holds
 * the observations that can still become the extreme, in arrival order, each better than the ones
 * after it; a new value pops the values it beats from the back, the front leaves when its row
 * does. Amortised O(1) per row. NaN is skipped.
 *
 * <p>Thread safety: confined to the node that owns it.
 */
final class MonotonicExtreme implements RollingStat {
    private final boolean max;
    private long[] seqs = new long[16];
    private double[] values = new double[16];
    private int head;
    private int size;
    private long added;
    private long removed;

    MonotonicExtreme(boolean max) {
        this.max = max;
    }

    @Override
    public void add(double v) {
        if (v != v) {
            return;
        }
        int mask = seqs.length - 1;
        while (size > 0) {
            double back = values[(head + size - 1) & mask];
            if (max ? back <= v : back >= v) {
                size--;
            } else {
                break;
            }
        }
        if (size == seqs.length) {
            grow();
            mask = seqs.length - 1;
        }
        int at = (head + size) & mask;
        seqs[at] = added++;
        values[at] = v;
        size++;
    }

    private void grow() {
        int n = seqs.length;
        long[] s = new long[n * 2];
        double[] v = new double[n * 2];
        for (int i = 0; i < size; i++) {
            s[i] = seqs[(head + i) & (n - 1)];
            v[i] = values[(head + i) & (n - 1)];
        }
        seqs = s;
        values = v;
        head = 0;
    }

    @Override
    public void remove(double v) {
        if (v != v) {
            return;
        }
        long leaving = removed++;
        if (size > 0 && seqs[head] == leaving) {
            head = (head + 1) & (seqs.length - 1);
            size--;
        }
    }

    @Override
    public double result(long rows, int minPeriods) {
        long nobs = added - removed;
        return nobs >= Math.max(minPeriods, 1) && size > 0 ? values[head] : Double.NaN;
    }

    @Override
    public String toString() {
        return (max ? "max" : "min") + Arrays.toString(Arrays.copyOf(values, size));
    }
}
