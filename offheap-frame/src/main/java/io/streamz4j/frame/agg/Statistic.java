package io.streamz4j.frame.agg;

/**
 * The running statistics of a column, with streamz's formulas: mean divides by a count of 1 when
 * nothing was counted yet, variance is {@code (x2/n - (x/n)^2) * n / (n - ddof)} over the
 * non-missing values (streamz's {@code Var}), size counts rows, count non-missing values.
 *
 * <p>Thread safety: immutable.
 */
public enum Statistic {
    SUM, MEAN, COUNT, SIZE, VAR, STD, MIN, MAX;

    public boolean needsSquares() {
        return this == VAR || this == STD;
    }

    public boolean needsExtremes() {
        return this == MIN || this == MAX;
    }

    /** Whether {@code onOld} can take rows back out (min and max cannot without their window). */
    public boolean subtractable() {
        return !needsExtremes();
    }

    /** streamz's Var._compute_result, term for term, so results agree to the last bit where sums do. */
    public static double variance(double x, double x2, double n, int ddof) {
        double result = (x2 / n) - (x / n) * (x / n);
        if (ddof != 0) {
            result = result * n / (n - ddof);
        }
        return result;
    }

    /** The statistic from moments: n non-missing values summing to x with squares x2, rows, extremes. */
    public Number of(long n, double x, double x2, long rows, double min, double max, int ddof, boolean integral,
            long integralSum) {
        switch (this) {
            case SUM:
                return integral ? (Number) integralSum : (Number) x;
            case MEAN:
                return x / (n == 0 ? 1 : n);
            case COUNT:
                return n;
            case SIZE:
                return rows;
            case VAR:
                return variance(x, x2, n, ddof);
            case STD:
                return Math.sqrt(variance(x, x2, n, ddof));
            case MIN:
                return extreme(min, n, integral);
            default:
                return extreme(max, n, integral);
        }
    }

    private static Number extreme(double v, long n, boolean integral) {
        if (n == 0) {
            return Double.NaN;
        }
        return integral ? (Number) (long) v : (Number) v;
    }
}
