package io.streamz4j.frame.kernel;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.ColumnType;

import org.apache.arrow.memory.util.MemoryUtil;

import java.util.Arrays;

/**
 * Per-group running moments of one value column, in primitive arrays indexed by the slots of
 * {@link GroupKeys}: the count of non-missing values, their sum, and on request the sum of
 * squares (var, std) and the extremes (min, max). Adding a frame is one pass over the slot array
 * and the value buffer; subtracting one (a window's departing rows) is the same pass with the
 * sign flipped, for every moment but the extremes.
 *
 * <p>Thread safety: confined to the thread that runs its groupby node.
 */
public final class GroupMoments {
    private final boolean squares;
    private final boolean extremes;
    private long[] counts = new long[16];
    private double[] sums = new double[16];
    private double[] sumSquares;
    private double[] mins;
    private double[] maxs;

    public GroupMoments(boolean squares, boolean extremes) {
        this.squares = squares;
        this.extremes = extremes;
        this.sumSquares = squares ? new double[16] : null;
        this.mins = extremes ? filled(16, Double.POSITIVE_INFINITY) : null;
        this.maxs = extremes ? filled(16, Double.NEGATIVE_INFINITY) : null;
    }

    /** An independent copy (a saved window state's moments). */
    public GroupMoments copy() {
        GroupMoments c = new GroupMoments(squares, extremes);
        c.counts = counts.clone();
        c.sums = sums.clone();
        c.sumSquares = sumSquares == null ? null : sumSquares.clone();
        c.mins = mins == null ? null : mins.clone();
        c.maxs = maxs == null ? null : maxs.clone();
        return c;
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    /** Makes room for {@code groups} slots. */
    public void ensure(int groups) {
        if (groups <= counts.length) {
            return;
        }
        int old = counts.length;
        int n = Math.max(groups, old * 2);
        counts = Arrays.copyOf(counts, n);
        sums = Arrays.copyOf(sums, n);
        if (squares) {
            sumSquares = Arrays.copyOf(sumSquares, n);
        }
        if (extremes) {
            mins = Arrays.copyOf(mins, n);
            maxs = Arrays.copyOf(maxs, n);
            Arrays.fill(mins, old, n, Double.POSITIVE_INFINITY);
            Arrays.fill(maxs, old, n, Double.NEGATIVE_INFINITY);
        }
    }

    /** Adds (sign +1) or removes (sign -1) the rows of {@code values} grouped by {@code slots}. */
    public void add(int[] slots, Column values, int sign, int groups) {
        if (sign < 0 && extremes) {
            throw new UnsupportedOperationException("running min/max cannot forget rows; column '"
                    + values.name() + "'");
        }
        ensure(groups);
        if (values.type() == ColumnType.BOOLEAN) {
            addBits(slots, values.checkedAddress(), values.rows(), sign);
            return;
        }
        ColumnType type = ColumnKernels.numeric(values);
        long a = values.checkedAddress();
        int n = values.rows();
        if (type == ColumnType.DOUBLE && !squares && !extremes) {
            addDoubleSums(slots, a, n, sign);
            return;
        }
        long[] c = counts;
        double[] s = sums;
        for (int i = 0; i < n; i++) {
            int g = slots[i];
            double v = ColumnKernels.load(type, a, i);
            if (g < 0 || v != v) {
                continue;
            }
            c[g] += sign;
            s[g] += sign * v;
            if (squares) {
                sumSquares[g] += sign * (v * v);
            }
            if (extremes) {
                mins[g] = Math.min(mins[g], v);
                maxs[g] = Math.max(maxs[g], v);
            }
        }
    }

    /** The hot case (groupby sum/mean/count of a double column): one load, one add, one increment a row. */
    private void addDoubleSums(int[] slots, long a, int n, int sign) {
        long[] c = counts;
        double[] s = sums;
        for (int i = 0; i < n; i++) {
            int g = slots[i];
            double v = Double.longBitsToDouble(MemoryUtil.getLong(a + 8L * i));
            if (g >= 0 && v == v) {
                c[g] += sign;
                s[g] += sign * v;
            }
        }
    }

    /**
     * A boolean column's rows (0 and 1, never missing) by group: the bits are read a 64-row word at
     * a time and shifted out, so a row costs a shift, a mask and the group's adds.
     */
    private void addBits(int[] slots, long a, int n, int sign) {
        int i = 0;
        for (; i + 63 < n; i += 64) {
            addWord(slots, i, MemoryUtil.getLong(a + (i >>> 3)), 64, sign);
        }
        addWord(slots, i, BitKernels.tail(a, i, n), n - i, sign);
    }

    /** Rows {@code from} to {@code from + rows} of a boolean column, their bits the low ones of {@code word}. */
    private void addWord(int[] slots, int from, long word, int rows, int sign) {
        long[] c = counts;
        double[] s = sums;
        for (int j = 0; j < rows; j++) {
            int g = slots[from + j];
            if (g < 0) {
                continue;
            }
            int bit = (int) (word >>> j) & 1;
            c[g] += sign;
            s[g] += sign * bit;
            if (squares) {
                sumSquares[g] += sign * bit;
            }
            if (extremes) {
                mins[g] = Math.min(mins[g], bit);
                maxs[g] = Math.max(maxs[g], bit);
            }
        }
    }

    /** Whether this column keeps only counts and sums (no squares, no extremes), as groupby.DictionarySums needs. */
    public boolean sumsOnly() {
        return !squares && !extremes;
    }

    public long count(int slot) {
        return counts[slot];
    }

    public double sum(int slot) {
        return sums[slot];
    }

    public double sumSquares(int slot) {
        return sumSquares[slot];
    }

    public double min(int slot) {
        return mins[slot];
    }

    public double max(int slot) {
        return maxs[slot];
    }

    public boolean keepsSquares() {
        return squares;
    }

    public boolean keepsExtremes() {
        return extremes;
    }

    /** Overwrites a slot's extremes (restoring a saved state); only for moments that keep them. */
    public void setExtremes(int slot, double min, double max) {
        if (!extremes) {
            throw new IllegalStateException("these group moments keep no extremes");
        }
        ensure(slot + 1);
        mins[slot] = min;
        maxs[slot] = max;
    }

    /** Overwrites a slot's moments (restoring a start state). */
    public void set(int slot, long count, double sum, double sumSq) {
        ensure(slot + 1);
        counts[slot] = count;
        sums[slot] = sum;
        if (squares) {
            sumSquares[slot] = sumSq;
        }
    }
}
