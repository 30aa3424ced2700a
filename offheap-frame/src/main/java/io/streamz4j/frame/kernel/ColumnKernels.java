package io.streamz4j.frame.kernel;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.ColumnType;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Whole-column reductions over Arrow data buffers: one bounds check per call (Column.checkedAddress),
 * then a counted loop of plain loads with four independent accumulators, so the adds pipeline
 * and nothing is boxed or called per row. Missing doubles (NaN) are skipped as pandas does: the
 * fast loop runs without a test, and only a column whose result came out NaN is summed again
 * skipping NaN.
 *
 * <p>Thread safety: stateless; call from any thread while the column is held.
 */
public final class ColumnKernels {
    private ColumnKernels() {
    }

    /** The sum of a numeric column as a double, NaN skipped. */
    public static double sum(Column c) {
        long a = c.checkedAddress();
        int n = c.rows();
        if (numeric(c) != ColumnType.DOUBLE) {
            return sumIntegral(c.type(), a, n);
        }
        double s = sumDoubles(a, n);
        return s == s ? s : sumDoublesSkippingNaN(a, n, false);
    }

    /** The sum of a double column with nothing skipped: NaN when it holds a NaN (or both infinities). */
    public static double plainSum(Column c) {
        if (c.type() != ColumnType.DOUBLE) {
            throw new IllegalArgumentException("column '" + c.name() + "' is " + c.type() + ", not DOUBLE");
        }
        return sumDoubles(c.checkedAddress(), c.rows());
    }

    /** The exact sum of an integral column (pandas' int64 sum, wrapping as it does). */
    public static long sumIntegral(Column c) {
        long a = c.checkedAddress();
        int n = c.rows();
        return sumIntegral(c.type(), a, n);
    }

    /** The sum of squares of a numeric column, NaN skipped. */
    public static double sumSquares(Column c) {
        long a = c.checkedAddress();
        int n = c.rows();
        if (numeric(c) == ColumnType.DOUBLE) {
            double s = sumSquaresDoubles(a, n);
            return s == s ? s : sumDoublesSkippingNaN(a, n, true);
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            double v = c.type() == ColumnType.LONG ? MemoryUtil.getLong(a + 8L * i) : MemoryUtil.getInt(a + 4L * i);
            s += v * v;
        }
        return s;
    }

    /** How many values are not missing: the rows, less NaNs in a double column. */
    public static long count(Column c) {
        if (c.type() != ColumnType.DOUBLE) {
            return c.rows();
        }
        long a = c.checkedAddress();
        int n = c.rows();
        long valid = 0;
        for (int i = 0; i < n; i++) {
            double v = Double.longBitsToDouble(MemoryUtil.getLong(a + 8L * i));
            valid += v == v ? 1 : 0;
        }
        return valid;
    }

    /** The smallest value (NaN skipped); +infinity for an empty or all-NaN column. */
    public static double min(Column c) {
        return extreme(c, true);
    }

    /** The largest value (NaN skipped); -infinity for an empty or all-NaN column. */
    public static double max(Column c) {
        return extreme(c, false);
    }

    private static double extreme(Column c, boolean min) {
        long a = c.checkedAddress();
        int n = c.rows();
        ColumnType type = numeric(c);
        double best = min ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            double v = load(type, a, i);
            // NaN compares false both ways, so it never replaces the best value.
            if (min ? v < best : v > best) {
                best = v;
            }
        }
        return best;
    }

    /** One value of a numeric column's data buffer as a double; the type test folds away in hot loops. */
    public static double load(ColumnType type, long address, int i) {
        switch (type) {
            case DOUBLE:
                return Double.longBitsToDouble(MemoryUtil.getLong(address + 8L * i));
            case LONG:
                return MemoryUtil.getLong(address + 8L * i);
            default:
                return MemoryUtil.getInt(address + 4L * i);
        }
    }

    static ColumnType numeric(Column c) {
        if (!c.type().isNumeric()) {
            throw new IllegalArgumentException("column '" + c.name() + "' is " + c.type() + ", not numeric");
        }
        return c.type();
    }

    static double sumDoubles(long a, int n) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            long p = a + 8L * i;
            s0 += Double.longBitsToDouble(MemoryUtil.getLong(p));
            s1 += Double.longBitsToDouble(MemoryUtil.getLong(p + 8));
            s2 += Double.longBitsToDouble(MemoryUtil.getLong(p + 16));
            s3 += Double.longBitsToDouble(MemoryUtil.getLong(p + 24));
        }
        for (; i < n; i++) {
            s0 += Double.longBitsToDouble(MemoryUtil.getLong(a + 8L * i));
        }
        return (s0 + s1) + (s2 + s3);
    }

    static double sumSquaresDoubles(long a, int n) {
        double s0 = 0;
        double s1 = 0;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            double v0 = Double.longBitsToDouble(MemoryUtil.getLong(a + 8L * i));
            double v1 = Double.longBitsToDouble(MemoryUtil.getLong(a + 8L * i + 8));
            s0 += v0 * v0;
            s1 += v1 * v1;
        }
        for (; i < n; i++) {
            double v = Double.longBitsToDouble(MemoryUtil.getLong(a + 8L * i));
            s0 += v * v;
        }
        return s0 + s1;
    }

    private static double sumDoublesSkippingNaN(long a, int n, boolean squares) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double v = Double.longBitsToDouble(MemoryUtil.getLong(a + 8L * i));
            if (v == v) {
                s += squares ? v * v : v;
            }
        }
        return s;
    }

    /** INT or LONG values summed as longs; the width test is loop-invariant, so the JIT folds it. */
    static long sumIntegral(ColumnType type, long a, int n) {
        long s0 = 0;
        long s1 = 0;
        int i = 0;
        for (; i + 1 < n; i += 2) {
            s0 += Values.loadLong(type, a, i);
            s1 += Values.loadLong(type, a, i + 1);
        }
        if (i < n) {
            s0 += Values.loadLong(type, a, i);
        }
        return s0 + s1;
    }
}
