package io.streamz4j.frame.rolling;

import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Rolling variance and standard deviation ({@code roll_var} of pandas 1.5) from compensated
 * prefix sums of x and of x^2 (each square's rounding error kept exactly): with the window's sums
 * S1 and S2 held as high + low pairs, {@code n S2 - S1^2} is evaluated with fused multiply-adds so
 * the cancellation between them (large when the mean is large against the spread) costs no digits
 * beyond those of the pairs, about 1e-32 of the prefixes' magnitude. One observation, or a window
 * of one repeated value, gives exactly 0; a rounding below 0 gives 0.
 *
 * <p>Thread safety: confined to the node that owns it.
 */
final class PrefixVar extends PrefixRoller {
    private final int ddof;
    private final boolean std;
    private double[] squares = new double[0];
    private double[] squaresErr = new double[0];

    PrefixVar(int ddof, boolean std) {
        this.ddof = ddof;
        this.std = std;
    }

    @Override
    void grow(int capacity) {
        squares = new double[capacity];
        squaresErr = new double[capacity];
    }

    @Override
    void scan(int from, int to) {
        squareSums(xs, from, to, squares, squaresErr);
    }

    @Override
    void write(int at, int n, long[] starts, long base, int minPeriods, long out) {
        int least = Math.max(Math.max(minPeriods, 1), ddof + 1);
        for (int i = 0; i < n; i++) {
            int pi = at + i;
            int pj = (int) (starts[i] - base);
            int nobs = observations(pi) - observations(pj);
            double var;
            if (nobs < least) {
                var = Double.NaN;
            } else if (nobs == 1 || repeated(pi, pj)) {
                var = 0;
            } else {
                double high1 = sum[pi] - sum[pj];
                double low1 = lowBetween(sum, err, pi, pj, high1);
                double high2 = squares[pi] - squares[pj];
                double low2 = lowBetween(squares, squaresErr, pi, pj, high2);
                double square = high1 * high1;
                // n S2 - S1^2, the large parts cancelling inside one fused multiply-add
                double scaled = Math.fma(nobs, high2, -square)
                        + (nobs * low2 - Math.fma(high1, high1, -square) - (2 * high1 + low1) * low1);
                var = Math.max(scaled, 0) / nobs / (nobs - ddof);
            }
            MemoryUtil.putLong(out + 8L * i, Double.doubleToRawLongBits(std ? Math.sqrt(var) : var));
        }
    }
}
