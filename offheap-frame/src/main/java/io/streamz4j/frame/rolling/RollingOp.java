package io.streamz4j.frame.rolling;

/**
 * The rolling statistics, each with pandas' name and its incremental algorithm: sum, mean, var,
 * std and count in O(1) per row; min and max through a monotonic deque; median and quantile
 * through two indexed heaps in O(log n).
 *
 * <p>Thread safety: immutable.
 */
public enum RollingOp {
    SUM, MEAN, MIN, MAX, MEDIAN, QUANTILE, STD, VAR, COUNT;

    /** The running state of this statistic for one column. */
    RollingStat newStat(double quantile, int ddof) {
        switch (this) {
            case SUM:
                return new KahanSum(false);
            case MEAN:
                return new KahanSum(true);
            case MIN:
                return new MonotonicExtreme(false);
            case MAX:
                return new MonotonicExtreme(true);
            case MEDIAN:
                return new TwoHeapQuantile(0.5, true);
            case QUANTILE:
                return new TwoHeapQuantile(quantile, false);
            case STD:
                return new WelfordVar(ddof, true);
            case VAR:
                return new WelfordVar(ddof, false);
            default:
                return new RollingCount();
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
