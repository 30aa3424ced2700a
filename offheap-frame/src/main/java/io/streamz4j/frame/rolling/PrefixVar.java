package io.streamz4j.frame.rolling;

import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Rolling variance and standard deviation ({@code roll_var} of pandas 1.5) from prefix sums of x
 * and of x^2 (each square's rounding error kept exactly), split three ways: {@code n S2 - S1^2}
 * cancels up to all but some 1e-18 of S2 when the mean is large against the spread, so a window's
 * S1 and S2 must be good to about 1e-28 of their size, beyond the two-way split of
 * {@link PrefixRoller}. The low part of each value is split again on a second grid
 * ({@code sigma * 2^-53} times the positions) into an exact middle part and a rest below 2^-106
 * sigma; the window's high and middle sums are exact, joined by a two-sum into a double-double
 * with the rest, and {@code n S2 - S1^2} is evaluated from the pairs with fused multiply-adds. One
 * observation, or a window of one repeated value, gives exactly 0; a rounding below 0 gives 0.
 *
 * <p>Thread safety: confined to the node that owns it.
 */
final class PrefixVar extends PrefixRoller {
    private final int ddof;
    private final boolean std;
    /** x: middle and rest prefixes (the high prefix is {@link #high}). */
    private double[] middle = new double[0];
    private double[] rest = new double[0];
    /** x^2: high, middle and rest prefixes. */
    private double[] squares = new double[0];
    private double[] squaresMiddle = new double[0];
    private double[] squaresRest = new double[0];
    /** A window's double-double sum, reused row after row. */
    private final double[] pair = new double[2];

    PrefixVar(int ddof, boolean std) {
        this.ddof = ddof;
        this.std = std;
    }

    @Override
    void grow(int capacity) {
        middle = new double[capacity];
        rest = new double[capacity];
        squares = new double[capacity];
        squaresMiddle = new double[capacity];
        squaresRest = new double[capacity];
    }

    @Override
    void scan(int from, int to) {
        int positions = xs.length;
        double s = sigma;
        double sm = grid(Math.scalb(s, -52), positions);
        double s2 = grid(bound * bound, positions);
        double s2m = grid(Math.scalb(s2, -51), positions);
        double m = middle[from - 1];
        double r = rest[from - 1];
        double h2 = squares[from - 1];
        double m2 = squaresMiddle[from - 1];
        double r2 = squaresRest[from - 1];
        for (int p = from; p < to; p++) {
            double x = xs[p];
            double d = x == x ? x : 0;
            double lo = d - ((s + d) - s);
            double mid = (sm + lo) - sm;
            m += mid;
            r += lo - mid;
            double v = d * d;
            double hi2 = (s2 + v) - s2;
            double lo2 = v - hi2;
            double error = Math.fma(d, d, -v);
            double mid2 = (s2m + lo2) - s2m;
            double midError = (s2m + error) - s2m;
            h2 += hi2;
            m2 += mid2 + midError;
            r2 += (lo2 - mid2) + (error - midError);
            middle[p] = m;
            rest[p] = r;
            squares[p] = h2;
            squaresMiddle[p] = m2;
            squaresRest[p] = r2;
        }
    }

    @Override
    void write(int at, int from, int to, WindowStarts windowStarts, long base, int minPeriods, long out) {
        int least = Math.max(Math.max(minPeriods, 1), ddof + 1);
        long[] starts = windowStarts.array();
        for (int i = from; i < to; i++) {
            int pi = at + i;
            int pj = (int) (starts[i] - base);
            int nobs = observations(pi) - observations(pj);
            double var;
            if (nobs < least) {
                var = Double.NaN;
            } else if (nobs == 1 || repeated(pi, pj)) {
                var = 0;
            } else {
                window(high, middle, rest, pi, pj, pair);
                double high1 = pair[0];
                double low1 = pair[1];
                window(squares, squaresMiddle, squaresRest, pi, pj, pair);
                double high2 = pair[0];
                double low2 = pair[1];
                double square = high1 * high1;
                // n S2 - S1^2, the large parts cancelling inside one fused multiply-add
                double scaled = Math.fma(nobs, high2, -square)
                        + (nobs * low2 - Math.fma(high1, high1, -square) - (2 * high1 + low1) * low1);
                var = Math.max(scaled, 0) / nobs / (nobs - ddof);
            }
            MemoryUtil.putLong(out + 8L * i, Double.doubleToRawLongBits(std ? Math.sqrt(var) : var));
        }
    }

    /**
     * The window {@code (pj, pi]}'s sum as a double-double in {@code pair}: its exact high and
     * middle sums joined by a two-sum, the rest added to the low part.
     */
    private static void window(double[] high, double[] middle, double[] rest, int pi, int pj, double[] pair) {
        double a = high[pi] - high[pj];
        double b = middle[pi] - middle[pj];
        double s = a + b;
        double virtual = s - a;
        pair[0] = s;
        pair[1] = (a - (s - virtual)) + (b - virtual) + (rest[pi] - rest[pj]);
    }
}
