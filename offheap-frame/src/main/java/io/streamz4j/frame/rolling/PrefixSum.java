package io.streamz4j.frame.rolling;

import org.apache.arrow.memory.util.MemoryUtil;


/**
 * Rolling sum and mean as pandas gives them ({@code roll_sum}, {@code roll_mean} of pandas 1.5),
 * from split prefix sums: a window of one repeated value gives that value exactly (times the
 * count, for sum). (pandas also clamps a mean of all-positive values at zero against its running
 * sum's drift; a sum from split prefixes keeps the sign of the exact sum unless the window's
 * sum is some 1e-28 of the prefixes' magnitude, so that guard, and the prefix count of negatives it
 * would need, are left out.)
 *
 * <p>Thread safety: confined to the node that owns it.
 */
final class PrefixSum extends PrefixRoller {
    private final boolean mean;

    PrefixSum(boolean mean, boolean byRows) {
        super(byRows);
        this.mean = mean;
    }

    /** With the given SIMD lanes, or none (null): the scalar and SIMD forms side by side, for tests. */
    PrefixSum(boolean mean, boolean byRows, Lanes lanes) {
        super(byRows, lanes);
        this.mean = mean;
    }

    @Override
    void write(int at, int from, int to, WindowStarts windowStarts, long base, int minPeriods, long out) {
        int least = Math.max(minPeriods, 1);
        int steady = steadyWindow(at, from, to, windowStarts, base, least);
        if (steady > 0) {
            writeSteady(at, from, to, steady, out);
            return;
        }
        long[] starts = windowStarts.array();
        // a division costs several multiplies and the count rarely changes from row to row
        int inverted = 0;
        double inverse = 0;
        for (int i = from; i < to; i++) {
            int pi = at + i;
            int pj = (int) (starts[i] - base);
            int nobs = observations(pi) - observations(pj);
            double r = between(high, low, pi, pj);
            if (nobs < least || repeated(pi, pj)) {
                r = unusual(pi, nobs, minPeriods);
            } else if (mean) {
                if (nobs != inverted) {
                    inverted = nobs;
                    inverse = 1.0 / nobs;
                }
                r *= inverse;
            }
            MemoryUtil.putLong(out + 8L * i, Double.doubleToRawLongBits(r));
        }
    }

    /**
     * Every row's window is the {@code d} positions before it, all observed: a loop with no branch
     * and two loads fewer a row (no observation counts). The mean multiplies by {@code 1 / d}
     * (within an ulp of pandas' division, which costs several multiplies).
     */
    private void writeSteady(int at, int from, int to, int d, long out) {
        double[] hs = high;
        double[] ls = low;
        double scale = mean ? 1.0 / d : 1;
        if (lanes != null) {
            lanes.writeSteady(hs, ls, at, from, to, d, scale, output());
            return;
        }
        for (int i = from; i < to; i++) {
            int pi = at + i;
            double r = ((hs[pi] - hs[pi - d]) + (ls[pi] - ls[pi - d])) * scale;
            MemoryUtil.putLong(out + 8L * i, Double.doubleToRawLongBits(r));
        }
    }

    @Override
    double runningScale(int d) {
        // as the steady write: the mean multiplies by 1 / d
        return mean ? 1.0 / d : 1;
    }

    /** Too few observations, or all equal to the last one (then pandas gives it exactly). */
    private double unusual(int pi, int nobs, int minPeriods) {
        if (nobs == 0 || nobs < minPeriods) {
            return !mean && nobs == 0 && minPeriods == 0 ? 0 : Double.NaN;
        }
        double value = lastObservation(pi);
        return mean ? value : value * nobs;
    }
}
