package io.streamz4j.frame.rolling;

import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Rolling variance and standard deviation ({@code roll_var} of pandas 1.5) from compensated
 * prefix sums of {@code d = x - K} and {@code d^2}: the window's sum of squared deviations is
 * {@code S2 - S1^2 / n}. K is the first observation since the last re-base, so it sits near the
 * window's values and the subtraction cancels little (the limit: data whose level moves by many
 * standard deviations between re-bases loses about log10((mean - K)^2 / var) digits). One
 * observation, or a window of one repeated value, gives exactly 0; a rounding below 0 gives 0.
 *
 * <p>Thread safety: confined to the node that owns it.
 */
final class PrefixVar extends PrefixRoller {
    private final int ddof;
    private final boolean std;
    private double shift;
    private double[] sum = new double[0];
    private double[] err = new double[0];
    private double[] squares = new double[0];
    private double[] squaresErr = new double[0];

    PrefixVar(int ddof, boolean std) {
        this.ddof = ddof;
        this.std = std;
    }

    @Override
    void grow(int capacity) {
        sum = new double[capacity];
        err = new double[capacity];
        squares = new double[capacity];
        squaresErr = new double[capacity];
    }

    @Override
    void scan(int from, int to) {
        if (from == 1) {
            shift = 0;
            for (int p = 1; p < to; p++) {
                if (xs[p] == xs[p]) {
                    shift = xs[p];
                    break;
                }
            }
        }
        prefixSums(xs, from, to, shift, false, sum, err);
        prefixSums(xs, from, to, shift, true, squares, squaresErr);
    }

    @Override
    void write(int at, int n, long[] starts, long base, int minPeriods, long out) {
        int least = Math.max(Math.max(minPeriods, 1), ddof + 1);
        for (int i = 0; i < n; i++) {
            int pi = at + i;
            int pj = (int) (starts[i] - base);
            int nobs = valid[pi] - valid[pj];
            double var;
            if (nobs < least) {
                var = Double.NaN;
            } else if (nobs == 1 || repeated(pi, pj)) {
                var = 0;
            } else {
                double s1 = between(sum, err, pi, pj);
                double s2 = between(squares, squaresErr, pi, pj);
                var = Math.max(s2 - s1 * s1 / nobs, 0) / (nobs - ddof);
            }
            MemoryUtil.putLong(out + 8L * i, Double.doubleToRawLongBits(std ? Math.sqrt(var) : var));
        }
    }
}
