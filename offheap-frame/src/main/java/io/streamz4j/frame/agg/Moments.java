package io.streamz4j.frame.agg;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.kernel.ColumnKernels;

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
public final class Moments {
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

    /** Seeds column {@code i}: streamz's start states (a sum, a (total, count) pair, a count). */
    public Moments start(int i, double sum, long count) {
        sums[i] = sum;
        integralSums[i] = (long) sum;
        counts[i] = count;
        return this;
    }

    void add(Frame frame, Statistic statistic, int sign) {
        check(frame, columns);
        rows += sign * (long) frame.rows();
        for (int i = 0; i < columns.size(); i++) {
            Column c = frame.column(columns.get(i));
            if (c.rows() == 0) {
                continue;
            }
            if (c.type().isIntegral()) {
                counts[i] += sign * (long) c.rows();
                integralSums[i] += sign * ColumnKernels.sumIntegral(c);
                sums[i] = integralSums[i];
            } else {
                addDoubles(i, c, sign);
            }
            if (statistic.needsSquares()) {
                sumSquares[i] += sign * ColumnKernels.sumSquares(c);
            }
            if (statistic.needsExtremes()) {
                mins[i] = Math.min(mins[i], ColumnKernels.min(c));
                maxs[i] = Math.max(maxs[i], ColumnKernels.max(c));
            }
        }
    }

    /**
     * Sum and count of a double column in one pass when it holds no NaN (its plain sum is then not
     * NaN, and every row counts); only a column whose plain sum is NaN is passed over again.
     */
    private void addDoubles(int i, Column c, int sign) {
        double plain = ColumnKernels.plainSum(c);
        boolean noNaN = plain == plain;
        sums[i] += sign * (noNaN ? plain : ColumnKernels.sum(c));
        counts[i] += sign * (noNaN ? c.rows() : ColumnKernels.count(c));
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
