package io.streamz4j.frame.kernel;

/**
 * What one fused filter-and-reduce pass ({@link FilteredKernels}) found over the kept rows of a
 * column: how many rows were kept, their sum (NaN if a kept value is NaN: the caller then redoes
 * it skipping NaN), the exact sum of an integral column, and, from {@link FilteredKernels#moments},
 * the sum of squares (NaN likewise) and the extremes (NaN skipped; +/-infinity when none).
 *
 * <p>Thread safety: mutable, reused for each pass; confined to the thread of its owner.
 */
public final class FilteredSums {
    int count;
    double sum;
    long integralSum;
    double squares;
    double min;
    double max;

    public int count() {
        return count;
    }

    public double sum() {
        return sum;
    }

    public long integralSum() {
        return integralSum;
    }

    public double squares() {
        return squares;
    }

    public double min() {
        return min;
    }

    public double max() {
        return max;
    }
}
