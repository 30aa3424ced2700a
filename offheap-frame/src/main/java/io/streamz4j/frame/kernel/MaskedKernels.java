package io.streamz4j.frame.kernel;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Field;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Whole-column reductions through a selection mask (a BOOLEAN column of the same length, one bit a
 * row): what a filtered frame's reductions read instead of gathering the rows first. The loops
 * have no branch on the mask: an unselected value is turned into the reduction's neutral element
 * with bit arithmetic ({@code +0.0} for sums, NaN for extremes, which never wins a comparison), and
 * the sum runs eight rows per mask byte into two accumulators. As {@link ColumnKernels}, NaN is
 * missing: a plain masked sum that comes out NaN is redone skipping NaN.
 *
 * <p>Thread safety: stateless; call from any thread while the columns are held.
 */
public final class MaskedKernels {
    private static final long NAN_BITS = Double.doubleToRawLongBits(Double.NaN);

    private MaskedKernels() {
    }

    /** How many bits of {@code mask} are set. */
    public static int count(Column mask) {
        long m = checkedMask(mask, mask.rows());
        int n = mask.rows();
        int k = 0;
        int i = 0;
        for (; i + 63 < n; i += 64) {
            k += Long.bitCount(MemoryUtil.getLong(m + (i >>> 3)));
        }
        for (; i < n; i++) {
            k += Values.bit(m, i);
        }
        return k;
    }

    /** A new mask, {@code a & b}, owned by the caller (neither input is changed: either may be shared). */
    public static Column and(Column a, Column b, BufferAllocator allocator) {
        int n = a.rows();
        long ma = checkedMask(a, n);
        long mb = checkedMask(b, n);
        Column out = Column.allocate(Field.of(a.name(), ColumnType.BOOLEAN), n, allocator);
        long o = out.address();
        int bytes = (n + 7) >>> 3;
        for (int i = 0; i < bytes; i++) {
            MemoryUtil.putByte(o + i, (byte) (MemoryUtil.getByte(ma + i) & MemoryUtil.getByte(mb + i)));
        }
        return out;
    }

    /** The sum of the selected values of a double column, NaN included (so NaN if any selected value is). */
    public static double plainSum(Column c, Column mask) {
        long a = checkedDoubles(c);
        int n = c.rows();
        long m = checkedMask(mask, n);
        // two accumulators, each taking a pair of values per add: four values in flight per chain
        double even = 0;
        double odd = 0;
        int i = 0;
        for (; i + 7 < n; i += 8) {
            int b = MemoryUtil.getByte(m + (i >>> 3));
            long p = a + 8L * i;
            even += selected(p, b, 0) + selected(p + 8, b, 1);
            odd += selected(p + 16, b, 2) + selected(p + 24, b, 3);
            even += selected(p + 32, b, 4) + selected(p + 40, b, 5);
            odd += selected(p + 48, b, 6) + selected(p + 56, b, 7);
        }
        for (; i < n; i++) {
            even += selected(a + 8L * i, MemoryUtil.getByte(m + (i >>> 3)), i & 7);
        }
        return even + odd;
    }

    /** The double at {@code p} if bit {@code bit} of {@code b} is set, else +0.0: no branch. */
    static double selected(long p, int b, int bit) {
        return Double.longBitsToDouble(MemoryUtil.getLong(p) & -(long) ((b >>> bit) & 1));
    }

    /** The sum of the selected values, NaN skipped. */
    public static double sum(Column c, Column mask) {
        if (ColumnKernels.numeric(c) != ColumnType.DOUBLE) {
            return sumIntegral(c, mask);
        }
        double s = plainSum(c, mask);
        return s == s ? s : skippingNaN(c, mask, SUM);
    }

    /** The exact sum of the selected values of an integral column. */
    public static long sumIntegral(Column c, Column mask) {
        ColumnType type = ColumnKernels.numeric(c);
        long a = c.checkedAddress();
        long m = checkedMask(mask, c.rows());
        long s0 = 0;
        long s1 = 0;
        int n = c.rows();
        int i = 0;
        for (; i + 1 < n; i += 2) {
            s0 += Values.loadLong(type, a, i) & -(long) Values.bit(m, i);
            s1 += Values.loadLong(type, a, i + 1) & -(long) Values.bit(m, i + 1);
        }
        if (i < n) {
            s0 += Values.loadLong(type, a, i) & -(long) Values.bit(m, i);
        }
        return s0 + s1;
    }

    /** How many selected values are not missing (NaN). */
    public static long count(Column c, Column mask) {
        return (long) skippingNaN(c, mask, COUNT);
    }

    /** The sum of squares of the selected values, NaN skipped. */
    public static double sumSquares(Column c, Column mask) {
        return skippingNaN(c, mask, SQUARES);
    }

    /** What {@link #skippingNaN} adds per selected non-NaN value. */
    private static final int SUM = 0;
    private static final int SQUARES = 1;
    private static final int COUNT = 2;

    /** The sum (of values, squares or ones, by {@code what}) over the selected non-NaN values. */
    private static double skippingNaN(Column c, Column mask, int what) {
        ColumnType type = ColumnKernels.numeric(c);
        long a = c.checkedAddress();
        int n = c.rows();
        long m = checkedMask(mask, n);
        double s = 0;
        for (int i = 0; i < n; i++) {
            double v = ColumnKernels.load(type, a, i);
            int counted = Values.bit(m, i) & (v == v ? 1 : 0);
            // unselected and NaN rows add +0.0
            v = Double.longBitsToDouble(Double.doubleToRawLongBits(v) & -(long) counted);
            s += what == COUNT ? counted : what == SQUARES ? v * v : v;
        }
        return s;
    }

    /** The smallest selected value (NaN skipped); +infinity when none. */
    public static double min(Column c, Column mask) {
        return extreme(c, mask, true);
    }

    /** The largest selected value (NaN skipped); -infinity when none. */
    public static double max(Column c, Column mask) {
        return extreme(c, mask, false);
    }

    private static double extreme(Column c, Column mask, boolean min) {
        long m = checkedMask(mask, c.rows());
        double best = min ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        ColumnType type = ColumnKernels.numeric(c);
        long a = c.checkedAddress();
        for (int i = 0, n = c.rows(); i < n; i++) {
            long keep = -(long) Values.bit(m, i);
            // an unselected value becomes NaN, which compares false both ways
            double v = Double.longBitsToDouble(Double.doubleToRawLongBits(ColumnKernels.load(type, a, i)) & keep
                    | NAN_BITS & ~keep);
            if (min ? v < best : v > best) {
                best = v;
            }
        }
        return best;
    }

    private static long checkedDoubles(Column c) {
        if (c.type() != ColumnType.DOUBLE) {
            throw new IllegalArgumentException("column '" + c.name() + "' is " + c.type() + ", not DOUBLE");
        }
        return c.checkedAddress();
    }

    /** The mask's address after checking it is a BOOLEAN column of {@code rows} rows. */
    private static long checkedMask(Column mask, int rows) {
        if (mask.type() != ColumnType.BOOLEAN || mask.rows() != rows) {
            throw new IllegalArgumentException("a selection mask must be a BOOLEAN column of " + rows + " rows, '"
                    + mask.name() + "' is " + mask.type() + " of " + mask.rows());
        }
        return mask.checkedAddress();
    }
}
