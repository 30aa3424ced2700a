package io.streamz4j.frame.rolling;

import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Rolling sum and mean as pandas gives them ({@code roll_sum}, {@code roll_mean} of pandas 1.5),
 * from compensated prefix sums: a window of one repeated value gives that value exactly (times the
 * count, for sum), and a mean of all-positive (all-negative) values is never below (above) zero.
 *
 * <p>Thread safety: confined to the node that owns it.
 */
final class PrefixSum extends PrefixRoller {
    private final boolean mean;
    private double[] sum = new double[0];
    private double[] err = new double[0];

    PrefixSum(boolean mean) {
        this.mean = mean;
    }

    @Override
    void grow(int capacity) {
        sum = new double[capacity];
        err = new double[capacity];
    }

    @Override
    void scan(int from, int to) {
        prefixSums(xs, from, to, 0, false, sum, err);
    }

    @Override
    void write(int at, int n, long[] starts, long base, int minPeriods, long out) {
        for (int i = 0; i < n; i++) {
            int pi = at + i;
            int pj = (int) (starts[i] - base);
            int nobs = valid[pi] - valid[pj];
            double r;
            if (nobs == 0 || nobs < minPeriods) {
                r = !mean && nobs == 0 && minPeriods == 0 ? 0 : Double.NaN;
            } else if (repeated(pi, pj)) {
                r = mean ? xs[runStart[pi]] : xs[runStart[pi]] * nobs;
            } else {
                r = between(sum, err, pi, pj);
                if (mean) {
                    r /= nobs;
                    int negatives = negative[pi] - negative[pj];
                    if ((negatives == 0 && r < 0) || (negatives == nobs && r > 0)) {
                        r = 0;
                    }
                }
            }
            MemoryUtil.putLong(out + 8L * i, Double.doubleToRawLongBits(r));
        }
    }
}
