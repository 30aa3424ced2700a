package io.streamz4j.frame.rolling;

import org.apache.arrow.memory.util.MemoryUtil;

/**
 * The window sums of a frame whose rows all have full windows of the same {@code d} rows, none
 * holding a missing value or two equal neighbours (the common case of rolling sum and mean over
 * a number of rows), as running sums: no per-row prefix arrays, no observation counts.
 *
 * <p>Each value is split on a power-of-two grid {@code sigma} into {@code hi = (sigma + x) - sigma}
 * and the exact rest {@code lo = x - hi} (Rump's error-free extraction). Every sum of the
 * {@code hi} parts met here stays below sigma and on its grid, so it is exact whatever the order
 * of the adds: the running window sum {@code H += hi[i] - hi[i - d]} never drifts, and the frame
 * can be cut into four segments rolled side by side, each seeded by the exact sum of the
 * differences before it. That breaks the chain of dependent adds (the loop is bound by its
 * throughput, not by one add's latency). The {@code lo} parts are below 2^-52 sigma; their
 * running sum is re-seeded every frame, so its rounding (some 1e-30 of the values' magnitude)
 * never builds up.
 *
 * <p>A window of one repeated value, which pandas returns exactly, is caught by refusing any frame
 * whose windows hold two equal neighbours; missing and infinite values are refused too. The
 * caller then takes its general path.
 *
 * <p>Thread safety: confined to the roller that owns it.
 */
final class RunningWindowSums {
    /** Frames shorter than this take the general path (the four segments would not pay). */
    static final int LEAST_ROWS = 64;
    /** Per row, the change of the window's high and low sums from the previous row's window. */
    private double[] highSteps = new double[0];
    private double[] lowSteps = new double[0];

    /**
     * Copies the frame's {@code n} doubles at {@code address} to {@code xs[at ..]}; returns whether
     * the frame can be rolled here: no missing or infinite value and no two equal neighbours.
     */
    static boolean copyRegular(long address, double[] xs, int at, int n) {
        double previous = xs[at - 1];
        boolean irregular = false;
        for (int i = 0; i < n; i++) {
            double v = Double.longBitsToDouble(MemoryUtil.getLong(address + 8L * i));
            xs[at + i] = v;
            // NaN fails the first test, an infinity the second
            irregular |= v == previous | !(Math.abs(v) <= Double.MAX_VALUE);
            previous = v;
        }
        return !irregular;
    }

    /**
     * Writes {@code scale} times the sum of {@code xs[at + i - d + 1 .. at + i]} at {@code out + 8 i}
     * for every row {@code i < n} of a frame copied by {@link #copyRegular}; returns false, writing
     * nothing, when the window's rows before the frame hold a missing value or two equal neighbours.
     */
    boolean roll(double[] xs, int at, int n, int d, double scale, long out) {
        int from = at - d + 1;
        double largest = 0;
        boolean irregular = false;
        for (int p = from; p < at + n; p++) {
            double v = xs[p];
            double m = Math.abs(v);
            largest = m > largest ? m : largest;
            irregular |= p < at && (v == xs[p + 1] | !(m <= Double.MAX_VALUE));
        }
        // the sums below stay under 2 (n + d) largest, so under sigma: no rounding in the high parts
        double sigma = PrefixRoller.grid(Math.max(largest, Double.MIN_NORMAL), 2 * (n + d));
        if (irregular || Math.getExponent(sigma) >= Double.MAX_EXPONENT) {
            return false;
        }
        if (highSteps.length < n) {
            highSteps = new double[n];
            lowSteps = new double[n];
        }
        steps(xs, at, n, d, sigma);
        int len = n / 4;
        double h0 = highSum(xs, from, at + 1, sigma);
        double l0 = lowSum(xs, from, at + 1, sigma);
        double[] hs = highSteps;
        double[] ls = lowSteps;
        double h1 = h0 + sum(hs, 1, len + 1);
        double l1 = l0 + sum(ls, 1, len + 1);
        double h2 = h1 + sum(hs, len + 1, 2 * len + 1);
        double l2 = l1 + sum(ls, len + 1, 2 * len + 1);
        double h3 = h2 + sum(hs, 2 * len + 1, 3 * len + 1);
        double l3 = l2 + sum(ls, 2 * len + 1, 3 * len + 1);
        int r1 = len;
        int r2 = 2 * len;
        int r3 = 3 * len;
        put(out, 0, (h0 + l0) * scale);
        put(out, r1, (h1 + l1) * scale);
        put(out, r2, (h2 + l2) * scale);
        put(out, r3, (h3 + l3) * scale);
        for (int j = 1; j < len; j++) {
            h0 += hs[j];
            l0 += ls[j];
            h1 += hs[r1 + j];
            l1 += ls[r1 + j];
            h2 += hs[r2 + j];
            l2 += ls[r2 + j];
            h3 += hs[r3 + j];
            l3 += ls[r3 + j];
            put(out, j, (h0 + l0) * scale);
            put(out, r1 + j, (h1 + l1) * scale);
            put(out, r2 + j, (h2 + l2) * scale);
            put(out, r3 + j, (h3 + l3) * scale);
        }
        // the last segment's rows beyond four equal lengths
        for (int i = r3 + len; i < n; i++) {
            h3 += hs[i];
            l3 += ls[i];
            put(out, i, (h3 + l3) * scale);
        }
        return true;
    }

    /** Row i's change of the window's high and low sums: value {@code at + i} enters, {@code at + i - d} leaves. */
    private void steps(double[] xs, int at, int n, int d, double sigma) {
        double[] hs = highSteps;
        double[] ls = lowSteps;
        for (int i = 1; i < n; i++) {
            double in = xs[at + i];
            double out = xs[at + i - d];
            double hiIn = (sigma + in) - sigma;
            double hiOut = (sigma + out) - sigma;
            hs[i] = hiIn - hiOut;
            ls[i] = (in - hiIn) - (out - hiOut);
        }
    }

    /** The exact sum of the high parts of {@code xs[from .. to - 1]}. */
    private static double highSum(double[] xs, int from, int to, double sigma) {
        double a = 0;
        double b = 0;
        int p = from;
        for (; p + 1 < to; p += 2) {
            a += (sigma + xs[p]) - sigma;
            b += (sigma + xs[p + 1]) - sigma;
        }
        for (; p < to; p++) {
            a += (sigma + xs[p]) - sigma;
        }
        return a + b;
    }

    /** The sum of the low parts of {@code xs[from .. to - 1]}. */
    private static double lowSum(double[] xs, int from, int to, double sigma) {
        double a = 0;
        double b = 0;
        int p = from;
        for (; p + 1 < to; p += 2) {
            a += xs[p] - ((sigma + xs[p]) - sigma);
            b += xs[p + 1] - ((sigma + xs[p + 1]) - sigma);
        }
        for (; p < to; p++) {
            a += xs[p] - ((sigma + xs[p]) - sigma);
        }
        return a + b;
    }

    /** {@code v[from] + .. + v[to - 1]} in four independent chains. */
    private static double sum(double[] v, int from, int to) {
        double a = 0;
        double b = 0;
        double c = 0;
        double e = 0;
        int i = from;
        for (; i + 3 < to; i += 4) {
            a += v[i];
            b += v[i + 1];
            c += v[i + 2];
            e += v[i + 3];
        }
        for (; i < to; i++) {
            a += v[i];
        }
        return (a + b) + (c + e);
    }

    private static void put(long out, int i, double r) {
        MemoryUtil.putLong(out + 8L * i, Double.doubleToRawLongBits(r));
    }
}
