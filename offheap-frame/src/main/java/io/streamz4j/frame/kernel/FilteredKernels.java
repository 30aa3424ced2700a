package io.streamz4j.frame.kernel;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.ColumnType;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Filter and reduction fused into one pass: the kept rows of a column are summed (and counted,
 * squared, compared) straight from the Arrow buffers while the filter's comparisons are evaluated,
 * eight rows per step, with no mask written or allocated. As in {@link MaskedKernels}, a row that
 * is not kept becomes the reduction's neutral element by bit masking (+0.0 for sums, NaN for
 * extremes, which never wins a comparison), so nothing branches on the data; the bounds are
 * checked once per call.
 *
 * <p>Thread safety: stateless; call from any thread while the columns are held.
 */
public final class FilteredKernels {
    private static final long NAN_BITS = Double.doubleToRawLongBits(Double.NaN);

    private FilteredKernels() {
    }

    /** Count and sum of the kept rows of {@code c} into {@code out} (a double column's sum NaN if a kept value is). */
    public static void sum(BoundFilter f, Column c, FilteredSums out) {
        int n = checkedRows(f, c);
        long a = c.checkedAddress();
        if (c.type() == ColumnType.DOUBLE) {
            if (f.single()) {
                sumDoublesOneTest(f.firstTest(), f.firstType(), f.firstAddress(), a, n, out);
            } else {
                sumDoubles(f, a, n, out);
            }
        } else {
            // an integral column's sum behind a filter: the general pass (its exact sum is one of its sums)
            moments(f, c, out);
        }
    }

    /**
     * The common case, one comparison: each row's test gives its keep mask directly (no byte of
     * bits to pack and unpack), eight rows a step into four accumulators. A DOUBLE test column is
     * read through a moving byte offset, so the loop does no index arithmetic per load.
     */
    private static void sumDoublesOneTest(RangeTest test, ColumnType type, long t, long a, int n, FilteredSums out) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        long kept = 0;
        int i = 0;
        if (type == ColumnType.DOUBLE) {
            for (long off = 0, end = 8L * (n & ~7); off < end; off += 64) {
                long k0 = test.keep(doubleAt(t + off));
                long k1 = test.keep(doubleAt(t + off + 8));
                long k2 = test.keep(doubleAt(t + off + 16));
                long k3 = test.keep(doubleAt(t + off + 24));
                long k4 = test.keep(doubleAt(t + off + 32));
                long k5 = test.keep(doubleAt(t + off + 40));
                long k6 = test.keep(doubleAt(t + off + 48));
                long k7 = test.keep(doubleAt(t + off + 56));
                s0 += keptDouble(a + off, k0) + keptDouble(a + off + 32, k4);
                s1 += keptDouble(a + off + 8, k1) + keptDouble(a + off + 40, k5);
                s2 += keptDouble(a + off + 16, k2) + keptDouble(a + off + 48, k6);
                s3 += keptDouble(a + off + 24, k3) + keptDouble(a + off + 56, k7);
                kept -= ((k0 + k1) + (k2 + k3)) + ((k4 + k5) + (k6 + k7));
            }
            i = n & ~7;
        }
        for (; i < n; i++) {
            long k = test.keep(Values.load(type, t, i));
            s0 += keptDouble(a + 8L * i, k);
            kept -= k;
        }
        out.count = (int) kept;
        out.sum = (s0 + s1) + (s2 + s3);
        out.integralSum = 0;
    }

    /** The double at {@code p} if {@code keep} is all ones, +0.0 if it is 0. */
    private static double keptDouble(long p, long keep) {
        return Double.longBitsToDouble(MemoryUtil.getLong(p) & keep);
    }

    private static double doubleAt(long p) {
        return Double.longBitsToDouble(MemoryUtil.getLong(p));
    }

    private static void sumDoubles(BoundFilter f, long a, int n, FilteredSums out) {
        // two accumulators, each taking a pair of values per add: four values in flight per chain
        double even = 0;
        double odd = 0;
        int count = 0;
        int i = 0;
        for (; i + 7 < n; i += 8) {
            int b = f.bits8(i);
            count += Integer.bitCount(b);
            long p = a + 8L * i;
            even += MaskedKernels.selected(p, b, 0) + MaskedKernels.selected(p + 8, b, 1);
            odd += MaskedKernels.selected(p + 16, b, 2) + MaskedKernels.selected(p + 24, b, 3);
            even += MaskedKernels.selected(p + 32, b, 4) + MaskedKernels.selected(p + 40, b, 5);
            odd += MaskedKernels.selected(p + 48, b, 6) + MaskedKernels.selected(p + 56, b, 7);
        }
        int b = f.tailBits(i);
        count += Integer.bitCount(b);
        for (int j = 0; i + j < n; j++) {
            even += MaskedKernels.selected(a + 8L * (i + j), b, j);
        }
        out.count = count;
        out.sum = even + odd;
        out.integralSum = 0;
    }

    /** Count, sum, exact integral sum, sum of squares and extremes of the kept rows of {@code c}, in one pass. */
    public static void moments(BoundFilter f, Column c, FilteredSums out) {
        int n = checkedRows(f, c);
        ColumnType type = ColumnKernels.numeric(c);
        long a = c.checkedAddress();
        int count = 0;
        double sum = 0;
        long integralSum = 0;
        double squares = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i += 8) {
            int b = i + 7 < n ? f.bits8(i) : f.tailBits(i);
            count += Integer.bitCount(b);
            for (int j = 0; j < 8 && i + j < n; j++) {
                long keep = -(long) ((b >>> j) & 1);
                long bits = Double.doubleToRawLongBits(ColumnKernels.load(type, a, i + j));
                double v = Double.longBitsToDouble(bits & keep);
                sum += v;
                squares += v * v;
                integralSum += Values.loadLong(type, a, i + j) & keep;
                double e = Double.longBitsToDouble(bits & keep | NAN_BITS & ~keep);
                min = e < min ? e : min;
                max = e > max ? e : max;
            }
        }
        out.count = count;
        out.sum = type == ColumnType.DOUBLE ? sum : integralSum;
        out.integralSum = integralSum;
        out.squares = squares;
        out.min = min;
        out.max = max;
    }

    private static int checkedRows(BoundFilter f, Column c) {
        int n = f.rows();
        if (c.rows() != n) {
            throw new IllegalArgumentException("column '" + c.name() + "' has " + c.rows() + " rows, the filter's "
                    + "columns " + n);
        }
        return n;
    }
}
