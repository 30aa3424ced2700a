package io.streamz4j.frame.agg;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.kernel.ColumnKernels;
import io.streamz4j.frame.kernel.MaskedKernels;

import java.util.Arrays;
import java.util.List;

/**
 * The running state of column reductions: per column the non-missing count, sum (exact for
 * integral columns), sum of squares and extremes, plus the rows seen. What a statistic does not
 * need is not computed. Restartable: {@link #start} seeds it from a saved state (streamz's
 * {@code start=}).
 *
 * <p>Thread safety: confined to the node that owns it.
 */
public final class Moments implements Copyable<Moments> {
    final List<String> columns;
    final long[] counts;
    final double[] sums;
    final long[] integralSums;
    final double[] sumSquares;
    final double[] mins;
    final double[] maxs;
    final boolean[] integral;
    final int width;
    long rows;

    Moments(Schema example, List<String> columns) {
        int n = columns.size();
        this.columns = List.copyOf(columns);
        this.width = example.size();
        this.integral = new boolean[n];
        for (int i = 0; i < n; i++) {
            ColumnType t = example.field(columns.get(i)).type();
            if (!t.isNumeric()) {
                throw new IllegalArgumentException("column '" + columns.get(i) + "' is " + t + ", not numeric");
            }
            integral[i] = t.isIntegral();
        }
        this.counts = new long[n];
        this.sums = new double[n];
        this.integralSums = new long[n];
        this.sumSquares = new double[n];
        this.mins = new double[n];
        this.maxs = new double[n];
        Arrays.fill(mins, Double.POSITIVE_INFINITY);
        Arrays.fill(maxs, Double.NEGATIVE_INFINITY);
    }

    private Moments(Moments from) {
        this.columns = from.columns;
        this.width = from.width;
        this.integral = from.integral;
        this.counts = from.counts.clone();
        this.sums = from.sums.clone();
        this.integralSums = from.integralSums.clone();
        this.sumSquares = from.sumSquares.clone();
        this.mins = from.mins.clone();
        this.maxs = from.maxs.clone();
        this.rows = from.rows;
    }

    /** An independent copy (a saved window state). */
    @Override
    public Moments copy() {
        return new Moments(this);
    }

    /** Seeds column {@code i}: streamz's start states (a sum, a (total, count) pair, a count). */
    public Moments start(int i, double sum, long count) {
        sums[i] = sum;
        integralSums[i] = (long) sum;
        counts[i] = count;
        return this;
    }

    /**
     * Folds in (sign +1) or takes out (sign -1) a frame; a selection's columns are read through its
     * mask, never gathered.
     */
    void add(Frame frame, Statistic statistic, int sign) {
        check(frame, columns);
        int n = frame.rows();
        rows += sign * (long) n;
        if (n == 0) {
            return;
        }
        Frame base = frame.unfiltered();
        Column mask = frame.selectionMask();
        for (int i = 0; i < columns.size(); i++) {
            Column c = base.column(columns.get(i));
            if (c.type().isIntegral()) {
                counts[i] += sign * (long) n;
                integralSums[i] += sign * (mask == null ? ColumnKernels.sumIntegral(c) : MaskedKernels.sumIntegral(c, mask));
                sums[i] = integralSums[i];
            } else {
                addDoubles(i, c, mask, n, sign);
            }
            if (statistic.needsSquares()) {
                sumSquares[i] += sign * (mask == null ? ColumnKernels.sumSquares(c) : MaskedKernels.sumSquares(c, mask));
            }
            if (statistic.needsExtremes()) {
                mins[i] = Math.min(mins[i], mask == null ? ColumnKernels.min(c) : MaskedKernels.min(c, mask));
                maxs[i] = Math.max(maxs[i], mask == null ? ColumnKernels.max(c) : MaskedKernels.max(c, mask));
            }
        }
    }

    /**
     * Sum and count of a double column's {@code n} rows (those set in {@code mask}, when not null)
     * in one pass when they hold no NaN (the plain sum is then not NaN, and every row counts); only
     * a column whose plain sum is NaN is passed over again.
     */
    private void addDoubles(int i, Column c, Column mask, int n, int sign) {
        double plain = mask == null ? ColumnKernels.plainSum(c) : MaskedKernels.plainSum(c, mask);
        if (plain == plain) {
            sums[i] += sign * plain;
            counts[i] += sign * (long) n;
        } else {
            sums[i] += sign * (mask == null ? ColumnKernels.sum(c) : MaskedKernels.sum(c, mask));
            counts[i] += sign * (mask == null ? ColumnKernels.count(c) : MaskedKernels.count(c, mask));
        }
    }

    /** Checks every reduced column exists and is numeric before any is touched. */
    private static void check(Frame frame, List<String> columns) {
        for (String name : columns) {
            ColumnType t = frame.schema().field(name).type();
            if (!t.isNumeric()) {
                throw new IllegalArgumentException("column '" + name + "' is " + t + ", not numeric");
            }
        }
    }

    Number value(Statistic statistic, int i, int ddof) {
        return statistic.of(counts[i], sums[i], sumSquares[i], rows, mins[i], maxs[i], ddof, integral[i],
                integralSums[i]);
    }

    public long rows() {
        return rows;
    }
}
