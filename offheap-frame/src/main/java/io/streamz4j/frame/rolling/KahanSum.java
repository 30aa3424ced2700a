package io.streamz4j.frame.rolling;

/**
 * Rolling sum and mean as pandas computes them ({@code roll_sum}, {@code roll_mean} of pandas
 * 1.5): Kahan-compensated adds and removes (separate compensations), the trailing run of equal
 * values tracked so a window of one repeated value gives that value exactly, and a mean of
 * all-positive (all-negative) values never below (above) zero. O(1) per row.
 *
 * <p>Thread safety: confined to the node that owns it.
 */
final class KahanSum implements RollingStat {
    private final boolean mean;
    private long nobs;
    private long negatives;
    private double sum;
    private double addCompensation;
    private double removeCompensation;
    private long sameRun;
    private double previous = Double.NaN;

    KahanSum(boolean mean) {
        this.mean = mean;
    }

    @Override
    public void add(double v) {
        if (v != v) {
            return;
        }
        nobs++;
        double y = v - addCompensation;
        double t = sum + y;
        addCompensation = t - sum - y;
        sum = t;
        if (v < 0 || (v == 0 && 1 / v < 0)) {
            negatives++;
        }
        sameRun = v == previous ? sameRun + 1 : 1;
        previous = v;
    }

    @Override
    public void remove(double v) {
        if (v != v) {
            return;
        }
        nobs--;
        double y = -v - removeCompensation;
        double t = sum + y;
        removeCompensation = t - sum - y;
        sum = t;
        if (v < 0 || (v == 0 && 1 / v < 0)) {
            negatives--;
        }
        if (nobs == 0) {
            // pandas starts afresh when a window shares no row with the previous one; an empty
            // window is where ours can do the same without changing any result.
            sum = 0;
            addCompensation = 0;
            removeCompensation = 0;
        }
    }

    @Override
    public double result(long rows, int minPeriods) {
        if (mean) {
            if (nobs < minPeriods || nobs == 0) {
                return Double.NaN;
            }
            if (sameRun >= nobs) {
                return previous;
            }
            double r = sum / nobs;
            if (negatives == 0 && r < 0) {
                return 0;
            }
            if (negatives == nobs && r > 0) {
                return 0;
            }
            return r;
        }
        if (nobs == 0 && minPeriods == 0) {
            return 0;
        }
        if (nobs < minPeriods) {
            return Double.NaN;
        }
        return sameRun >= nobs ? previous * nobs : sum;
    }
}
