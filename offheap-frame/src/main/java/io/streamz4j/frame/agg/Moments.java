package io.streamz4j.frame.agg;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.expr.RowFilter;
import io.streamz4j.frame.kernel.BitKernels;
import io.streamz4j.frame.kernel.BoundFilter;
import io.streamz4j.frame.kernel.ColumnKernels;
import io.streamz4j.frame.kernel.FilteredKernels;
import io.streamz4j.frame.kernel.FilteredSums;
import io.streamz4j.frame.kernel.MaskedKernels;

import java.util.Arrays;
import java.util.List;

/**
 * The running state of column reductions: per column the non-missing count, sum (exact for
 * integral and boolean columns, booleans counting as 0 and 1), sum of squares and extremes, plus
 * the rows seen. What a statistic does not need is not computed. Restartable: {@link #start}
 * seeds it from a saved state (streamz's {@code start=}).
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
    /** Scratch of the fused passes over filtered selections. */
    private final BoundFilter bound = new BoundFilter();
    private final FilteredSums found = new FilteredSums();

    Moments(Schema example, List<String> columns) {
        int n = columns.size();
        this.columns = List.copyOf(columns);
        this.width = example.size();
        this.integral = new boolean[n];
        for (int i = 0; i < n; i++) {
            ColumnType t = example.field(columns.get(i)).type();
            if (!t.isReducible()) {
                throw new IllegalArgumentException("column '" + columns.get(i) + "' is " + t + ", not numeric");
            }
            // booleans reduce as int64 0 and 1: exact sums, and extremes that come out as 0 or 1
            integral[i] = t.isIntegral() || t == ColumnType.BOOLEAN;
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
     * mask, never gathered, and a filtered selection's comparisons are evaluated in the same pass
     * as the sums, with no mask built.
     */
    void add(Frame frame, Statistic statistic, int sign) {
        check(frame, columns);
        RowFilter filter = frame.selectionFilter();
        if (filter != null && !columns.isEmpty()) {
            addFiltered(frame, filter.bind(frame.unfiltered(), bound), statistic, sign);
            return;
        }
        int n = frame.rows();
        rows += sign * (long) n;
        if (n == 0) {
            return;
        }
        Frame base = frame.unfiltered();
        Column mask = frame.selectionMask();
        for (int i = 0; i < columns.size(); i++) {
            Column c = base.column(columns.get(i));
            if (c.type() == ColumnType.BOOLEAN) {
                addBits(i, n, mask == null ? BitKernels.trues(c) : BitKernels.trues(c, mask), sign);
                continue;
            }
            if (c.type().isIntegral()) {
                addIntegral(i, n, mask == null ? ColumnKernels.sumIntegral(c) : MaskedKernels.sumIntegral(c, mask), sign);
            } else {
                addDoubles(i, c, frame, mask == null ? ColumnKernels.plainSum(c) : MaskedKernels.plainSum(c, mask), n, sign);
            }
            if (statistic.needsSquares()) {
                addSquares(i, c, frame, Double.NaN, sign);
            }
            if (statistic.needsExtremes()) {
                addExtremes(i, mask == null ? ColumnKernels.min(c) : MaskedKernels.min(c, mask),
                        mask == null ? ColumnKernels.max(c) : MaskedKernels.max(c, mask));
            }
        }
    }

    /** {@link #add} of a filtered selection: one fused filter-and-reduce pass per column. */
    private void addFiltered(Frame frame, BoundFilter filter, Statistic statistic, int sign) {
        Frame base = frame.unfiltered();
        boolean more = statistic.needsSquares() || statistic.needsExtremes();
        for (int i = 0; i < columns.size(); i++) {
            Column c = base.column(columns.get(i));
            boolean bits = c.type() == ColumnType.BOOLEAN;
            int n;
            if (bits) {
                // the fused passes read numbers; a boolean column is counted through the selection's mask
                // (built once per frame), which also gives the count of the rows
                frame.selectionMask();
                n = frame.rows();
            } else if (more) {
                FilteredKernels.moments(filter, c, found);
                n = found.count();
            } else {
                FilteredKernels.sum(filter, c, found);
                n = found.count();
            }
            if (i == 0) {
                rows += sign * (long) n;
                if (n == 0) {
                    return;
                }
            }
            if (bits) {
                addBits(i, n, BitKernels.trues(c, frame.selectionMask()), sign);
                continue;
            }
            if (c.type().isIntegral()) {
                addIntegral(i, n, found.integralSum(), sign);
            } else {
                addDoubles(i, c, frame, found.sum(), n, sign);
            }
            if (statistic.needsSquares()) {
                addSquares(i, c, frame, found.squares(), sign);
            }
            if (statistic.needsExtremes()) {
                addExtremes(i, found.min(), found.max());
            }
        }
    }

    /**
     * Folds in a boolean column's {@code n} rows of which {@code trues} are true, as pandas
     * reduces booleans: 0 and 1, none missing, so the squares sum to the trues as well, the
     * minimum is 1 only when every row is true and the maximum 1 when any is.
     */
    private void addBits(int i, int n, long trues, int sign) {
        addIntegral(i, n, trues, sign);
        sumSquares[i] += sign * (double) trues;
        if (n > 0 && sign > 0) {
            addExtremes(i, trues == n ? 1 : 0, trues > 0 ? 1 : 0);
        }
    }

    private void addIntegral(int i, int n, long sum, int sign) {
        counts[i] += sign * (long) n;
        integralSums[i] += sign * sum;
        sums[i] = integralSums[i];
    }

    /**
     * Sum and count of a double column's {@code n} rows (those of frame's selection, if it is one)
     * from the plain sum a pass found: when it is not NaN there is no NaN among the rows, and every
     * row counts; only a column whose plain sum is NaN is passed over again, skipping NaN.
     */
    private void addDoubles(int i, Column c, Frame frame, double plain, int n, int sign) {
        if (plain == plain) {
            sums[i] += sign * plain;
            counts[i] += sign * (long) n;
            return;
        }
        Column mask = frame.selectionMask();
        sums[i] += sign * (mask == null ? ColumnKernels.sum(c) : MaskedKernels.sum(c, mask));
        counts[i] += sign * (mask == null ? ColumnKernels.count(c) : MaskedKernels.count(c, mask));
    }

    /** Adds the sum of squares a pass found, or (when it is NaN: a NaN among the rows) sums them again skipping NaN. */
    private void addSquares(int i, Column c, Frame frame, double found, int sign) {
        if (found != found) {
            Column mask = frame.selectionMask();
            found = mask == null ? ColumnKernels.sumSquares(c) : MaskedKernels.sumSquares(c, mask);
        }
        sumSquares[i] += sign * found;
    }

    private void addExtremes(int i, double min, double max) {
        mins[i] = Math.min(mins[i], min);
        maxs[i] = Math.max(maxs[i], max);
    }

    /** Checks every reduced column exists and is numeric or boolean before any is touched. */
    private static void check(Frame frame, List<String> columns) {
        for (String name : columns) {
            ColumnType t = frame.schema().field(name).type();
            if (!t.isReducible()) {
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
