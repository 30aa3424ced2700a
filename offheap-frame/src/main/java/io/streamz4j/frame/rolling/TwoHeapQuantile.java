package io.streamz4j.frame.rolling;

/**
 * Rolling median or quantile (linear interpolation, pandas' default) with two indexed heaps: a
 * max-heap of the smallest {@code k} observations and a min-heap of the rest, where {@code k} is
 * chosen from the window's size so that the two heap tops are exactly the order statistics the
 * result needs. Every observation has a handle (its arrival number modulo the capacity) whose
 * heap position is tracked, so the leaving one is deleted in O(log n) without lazy deletion;
 * rebalancing moves tops across, O(log n) per row.
 *
 * <p>Thread safety: confined to the node that owns it.
 */
final class TwoHeapQuantile implements RollingStat {
    private final double quantile;
    private final boolean median;
    private double[] values = new double[16];
    /** Position of a handle in its heap; which heap is {@link #inLower}. */
    private int[] position = new int[16];
    private boolean[] inLower = new boolean[16];
    private int[] lower = new int[16];
    private int[] upper = new int[16];
    private int lowerSize;
    private int upperSize;
    private long added;
    private long removed;

    TwoHeapQuantile(double quantile, boolean median) {
        if (!(quantile >= 0 && quantile <= 1)) {
            throw new IllegalArgumentException("rolling quantile must be within [0, 1], got " + quantile);
        }
        this.quantile = quantile;
        this.median = median;
    }

    private int handle(long seq) {
        return (int) (seq & (values.length - 1));
    }

    @Override
    public void add(double v) {
        if (v != v) {
            return;
        }
        if (added - removed == values.length) {
            grow();
        }
        int h = handle(added++);
        values[h] = v;
        if (lowerSize > 0 && v <= values[lower[0]]) {
            push(true, h);
        } else {
            push(false, h);
        }
        rebalance();
    }

    @Override
    public void remove(double v) {
        if (v != v) {
            return;
        }
        int h = handle(removed++);
        delete(inLower[h], position[h]);
        rebalance();
    }

    /** Sizes the lower heap so its top is the order statistic the result reads first. */
    private void rebalance() {
        long n = added - removed;
        long target;
        if (n == 0) {
            target = 0;
        } else if (median) {
            target = n / 2;
        } else {
            target = (long) (quantile * (n - 1)) + 1;
        }
        while (lowerSize > target) {
            int h = lower[0];
            delete(true, 0);
            push(false, h);
        }
        while (lowerSize < target) {
            int h = upper[0];
            delete(false, 0);
            push(true, h);
        }
    }

    @Override
    public double result(long rows, int minPeriods) {
        long n = added - removed;
        if (n < Math.max(minPeriods, 1)) {
            return Double.NaN;
        }
        if (median) {
            if (n % 2 == 1) {
                return values[upper[0]];
            }
            return (values[upper[0]] + values[lower[0]]) / 2;
        }
        if (n == 1) {
            return values[lower[0]];
        }
        double at = quantile * (n - 1);
        long idx = (long) at;
        double low = values[lower[0]];
        if (at == idx) {
            return low;
        }
        double high = values[upper[0]];
        return low + (high - low) * (at - idx);
    }

    // ------------------------------------------------------------------ indexed heaps

    private boolean above(boolean isLower, int a, int b) {
        return isLower ? values[a] > values[b] : values[a] < values[b];
    }

    private void push(boolean isLower, int h) {
        int[] heap = isLower ? lower : upper;
        int size = isLower ? lowerSize++ : upperSize++;
        inLower[h] = isLower;
        heap[size] = h;
        position[h] = size;
        siftUp(isLower, heap, size);
    }

    private void delete(boolean isLower, int at) {
        int[] heap = isLower ? lower : upper;
        int last = isLower ? --lowerSize : --upperSize;
        if (at != last) {
            heap[at] = heap[last];
            position[heap[at]] = at;
            siftDown(isLower, heap, at, last);
            siftUp(isLower, heap, at);
        }
    }

    private void siftUp(boolean isLower, int[] heap, int i) {
        int h = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!above(isLower, h, heap[parent])) {
                break;
            }
            heap[i] = heap[parent];
            position[heap[i]] = i;
            i = parent;
        }
        heap[i] = h;
        position[h] = i;
    }

    private void siftDown(boolean isLower, int[] heap, int i, int size) {
        int h = heap[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && above(isLower, heap[child + 1], heap[child])) {
                child++;
            }
            if (!above(isLower, heap[child], h)) {
                break;
            }
            heap[i] = heap[child];
            position[heap[i]] = i;
            i = child;
        }
        heap[i] = h;
        position[h] = i;
    }

    /** Doubles the capacity, moving every live handle to its arrival number modulo the new capacity. */
    private void grow() {
        int old = values.length;
        int n = old * 2;
        double[] v = new double[n];
        int[] pos = new int[n];
        boolean[] low = new boolean[n];
        int[] remap = new int[old];
        for (long seq = removed; seq < added; seq++) {
            int from = (int) (seq & (old - 1));
            int to = (int) (seq & (n - 1));
            remap[from] = to;
            v[to] = values[from];
            pos[to] = position[from];
            low[to] = inLower[from];
        }
        int[] lo = new int[n];
        int[] up = new int[n];
        for (int i = 0; i < lowerSize; i++) {
            lo[i] = remap[lower[i]];
        }
        for (int i = 0; i < upperSize; i++) {
            up[i] = remap[upper[i]];
        }
        values = v;
        position = pos;
        inLower = low;
        lower = lo;
        upper = up;
    }
}
