package io.streamz4j.frame.rolling;

/**
 * Rolling variance and standard deviation as pandas computes them ({@code roll_var} of pandas
 * 1.5): Welford's online mean and sum of squared deviations with Kahan compensation, for adds and
 * removes alike; one observation or a window of one repeated value gives exactly 0. O(1) per row.
 *
 * <p>Thread safety: confined to the node that owns it.
 */
final class WelfordVar implements RollingStat {
    private final int ddof;
    private final boolean std;
    private double nobs;
    private double mean;
    private double ssqdm;
    private double compensation;
    private long sameRun;
    private double previous = Double.NaN;

    WelfordVar(int ddof, boolean std) {
        this.ddof = ddof;
        this.std = std;
    }

    @Override
    public void add(double v) {
        if (v != v) {
            return;
        }
        nobs++;
        sameRun = v == previous ? sameRun + 1 : 1;
        previous = v;
        double prevMean = mean - compensation;
        double y = v - compensation;
        double t = y - mean;
        compensation = t + mean - y;
        mean = nobs != 0 ? mean + t / nobs : 0;
        ssqdm += (v - prevMean) * (v - mean);
    }

    @Override
    public void remove(double v) {
        if (v != v) {
            return;
        }
        nobs--;
        if (nobs != 0) {
            double prevMean = mean - compensation;
            double y = v - compensation;
            double t = y - mean;
            compensation = t + mean - y;
            mean -= t / nobs;
            ssqdm -= (v - prevMean) * (v - mean);
        } else {
            mean = 0;
            ssqdm = 0;
            compensation = 0;
        }
    }

    @Override
    public double result(long rows, int minPeriods) {
        double var;
        if (nobs >= Math.max(minPeriods, 1) && nobs > ddof) {
            var = nobs == 1 || sameRun >= nobs ? 0 : ssqdm / (nobs - ddof);
        } else {
            var = Double.NaN;
        }
        return std ? Math.sqrt(var) : var;
    }
}
