package io.streamz4j.frame.rolling;

/**
 * The rolling statistics, each with pandas' name and its incremental algorithm: sum, mean, var,
 * std and count from prefix sums, O(1) per row; min and max through a monotonic deque; median and
 * quantile through two indexed heaps in O(log n).
 *
 * <p>Thread safety: immutable.
 */
public enum RollingOp {
    SUM, MEAN, MIN, MAX, MEDIAN, QUANTILE, STD, VAR, COUNT;

    /** The running state of this statistic for one column; {@code byRows}: windows of a number of rows. */
    ColumnRoller newRoller(double quantile, int ddof, boolean byRows) {
        switch (this) {
            case SUM:
                return new PrefixSum(false, byRows);
            case MEAN:
                return new PrefixSum(true, byRows);
            case MIN:
                return new RingRoller(new MonotonicExtreme(false));
            case MAX:
                return new RingRoller(new MonotonicExtreme(true));
            case MEDIAN:
                return new RingRoller(new TwoHeapQuantile(0.5, true));
            case QUANTILE:
                return new RingRoller(new TwoHeapQuantile(quantile, false));
            case STD:
                return new PrefixVar(ddof, true);
            case VAR:
                return new PrefixVar(ddof, false);
            default:
                return new PrefixCount();
        }
    }

    /** The operation named as pandas names it ("sum", "mean", ...); a clear error otherwise. */
    public static RollingOp named(String name) {
        for (RollingOp op : values()) {
            if (op.name().equalsIgnoreCase(name)) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown rolling aggregation '" + name + "': use one of sum, mean, min,"
                + " max, median, quantile, std, var, count");
    }
}
