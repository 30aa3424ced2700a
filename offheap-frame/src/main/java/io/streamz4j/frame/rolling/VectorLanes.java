package io.streamz4j.frame.rolling;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.nio.DoubleBuffer;
import java.util.Arrays;

/**
 * {@link Lanes} on the Vector API, four doubles at a time (256 bits: on cores that split 512-bit
 * operations in two, wider lanes do no more work per cycle and need longer sums below).
 *
 * <p>A prefix sum is a chain from row to row, which lanes cannot run side by side; here each lane
 * keeps its own: lane {@code j} of a vector at position {@code p} holds the prefix at
 * {@code p + j} as the one four positions back plus the last four rows' sum,
 * {@code P[p + j] = P[p + j - 4] + (x[p + j] + x[p + j - 1]) + (x[p + j - 2] + x[p + j - 3])}. The
 * four-row sums come from unaligned loads of the split parts written one pass before (a lane
 * shuffle would cost a range check per use on Java 17), so a row costs one add of a chain per
 * lane, and the high parts stay exact in any order (see {@link PrefixRoller}). The low parts are
 * summed in another order than the scalar scan's, a difference of some 1e-32 of the prefixes'
 * magnitude.
 *
 * <p>Running form ({@link #rollClean}): once windows of {@code d} rows are full and clean, each lane
 * rolls its window on four rows at a time, {@code W[p + j] = W[p + j - 4] + s[p + j] + .. + s[p + j - 3]},
 * from the split steps {@code s[q] = x[q] - x[q - d]} (high and low parts apart). No prefix is
 * stored: a row costs about half the loads and stores of a scan and a steady write. The high
 * parts' steps and sums are multiples of sigma's unit below sigma, so the high window sums stay
 * exact however long the lanes run. The low window sums are at most {@code d * 2^-53 sigma}, so
 * each add rounds them by at most {@code d * 2^-106 sigma}; the roller starts them afresh from its
 * prefixes at every re-base, at most its arrays' capacity {@code C} of rows apart, which bounds
 * their drift by {@code C * d * 2^-106 sigma} (sigma is below {@code 8 C} times the bound): for
 * the benchmark's window of 1,000 rows (C = 22,001, sigma = 2^27), about 4e-20 of the largest
 * magnitude, far below a unit in the last place of any window sum short of a near-total
 * cancellation.
 *
 * <p>Thread safety: holds scratch arrays; confined to the roller that created it.
 */
final class VectorLanes implements Lanes {
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_256;
    private static final VectorSpecies<Long> LONGS = LongVector.SPECIES_256;
    private static final int LANES = 4;
    /** What one clean row adds to a packed count: one observation, and the run before it moves on by one. */
    private static final long ROW = (1L << 32) + 1;
    private static final long[] ROW_STEPS = {0, ROW, 2 * ROW, 3 * ROW};
    /**
     * The split parts of the block's rows from index {@link #LANES} on; the indices before hold the
     * parts of the rows before the block (0 before position 1), which the first four-row sums reach.
     */
    private double[] highs = new double[0];
    private double[] lows = new double[0];
    /** Zeros, the "old" values the scan's split subtracts (it splits the values themselves). */
    private double[] nothing = new double[0];
    /** The prefixes at the four positions before the block, where each lane's chain starts. */
    private final double[] startHigh = new double[LANES];
    private final double[] startLow = new double[LANES];
    /** A block's results, copied to the output column in one go. */
    private double[] results = new double[0];
    /** Running form: the split window sums at the four positions before the next block. */
    private final double[] windowHigh = new double[LANES];
    private final double[] windowLow = new double[LANES];
    /**
     * Running form: the split steps of the block's rows from index {@link #LANES} on; indices 1 to 3
     * hold those of the three rows before the block, which the first four-row sums reach.
     */
    private double[] stepHigh = new double[LANES];
    private double[] stepLow = new double[LANES];

    @Override
    public boolean scanClean(PrefixRoller into, int at, int n) {
        double[] xs = into.xs;
        if (at > 1 && xs[at - 1] != xs[at - 1]) {
            // the last observation before the block lies further back: the scalar scan tracks it
            return false;
        }
        if (highs.length < n + LANES) {
            highs = new double[n + LANES];
            lows = new double[n + LANES];
            nothing = new double[n];
        }
        // the scan splits the values themselves: steps from nothing
        if (!splitParts(xs, at, n, nothing, 0, into.sigma, into.bound, highs, lows)) {
            return false;
        }
        splitBefore(xs, at, into.sigma);
        prefixes(into, at, n);
        if (n > 0) {
            // every clean row starts a run of its own
            into.longestRun = Math.max(into.longestRun, 1);
        }
        return true;
    }

    /** Whether a lane's row is missing, beyond the bound or equal to the row before it (NaN fails "at most bound" too). */
    private static boolean unclean(DoubleVector v, DoubleVector before, double bound) {
        return v.compare(VectorOperators.EQ, before).or(v.abs().compare(VectorOperators.LE, bound).not()).anyTrue();
    }

    /** The scalar form of {@link #unclean(DoubleVector, DoubleVector, double)}. */
    private static boolean unclean(double v, double before, double bound) {
        return v == before || !(Math.abs(v) <= bound);
    }

    /**
     * The split parts of the three rows just before position {@code at}, which the block's first
     * four-row sums reach (a missing value, or no row, counts 0).
     */
    private void splitBefore(double[] xs, int at, double sigma) {
        for (int k = 1; k < LANES; k++) {
            int p = at - k;
            partsInto(highs, lows, LANES - k, p >= 1 && xs[p] == xs[p] ? xs[p] : 0, 0, sigma);
        }
    }

    /** Each lane's prefix chain over the block, and the packed counts of clean rows. */
    private void prefixes(PrefixRoller into, int at, int n) {
        double[] high = into.high;
        double[] low = into.low;
        long[] counts = into.counts;
        for (int k = 1; k <= LANES; k++) {
            int p = at - k;
            startHigh[LANES - k] = p >= 0 ? high[p] : 0;
            startLow[LANES - k] = p >= 0 ? low[p] : 0;
        }
        long observed = counts[at - 1] >>> 32;
        long packed = (observed + 1) << 32 | observed;
        DoubleVector h = DoubleVector.fromArray(DOUBLES, startHigh, 0);
        DoubleVector l = DoubleVector.fromArray(DOUBLES, startLow, 0);
        LongVector c = LongVector.fromArray(LONGS, ROW_STEPS, 0).add(packed);
        int whole = n & -LANES;
        for (int i = 0; i < whole; i += LANES) {
            int k = LANES + i;
            h = h.add(fourRows(highs, k));
            l = l.add(fourRows(lows, k));
            h.intoArray(high, at + i);
            l.intoArray(low, at + i);
            c.intoArray(counts, at + i);
            c = c.add(LANES * ROW);
        }
        for (int i = whole; i < n; i++) {
            int p = at + i;
            high[p] = high[p - 1] + highs[LANES + i];
            low[p] = low[p - 1] + lows[LANES + i];
            counts[p] = packed + i * ROW;
        }
    }

    /** Per lane j, the sum of the parts at indices {@code k + j - 3 .. k + j}. */
    private static DoubleVector fourRows(double[] parts, int k) {
        return DoubleVector.fromArray(DOUBLES, parts, k).add(DoubleVector.fromArray(DOUBLES, parts, k - 1))
                .add(DoubleVector.fromArray(DOUBLES, parts, k - 2).add(DoubleVector.fromArray(DOUBLES, parts, k - 3)));
    }

    @Override
    public int runningStart() {
        return LANES;
    }

    @Override
    public void startRunning(PrefixRoller from, int p, int d) {
        for (int j = 0; j < LANES; j++) {
            int q = p - LANES + j;
            windowHigh[j] = from.high[q] - from.high[q - d];
            windowLow[j] = from.low[q] - from.low[q - d];
        }
        for (int k = 1; k < LANES; k++) {
            int q = p - LANES + k;
            partsInto(stepHigh, stepLow, k, from.xs[q], from.xs[q - d], from.sigma);
        }
    }

    @Override
    public boolean rollClean(PrefixRoller into, int at, int n, int d, double scale, DoubleBuffer out, int outFrom) {
        if (stepHigh.length < n + LANES) {
            stepHigh = Arrays.copyOf(stepHigh, n + LANES);
            stepLow = Arrays.copyOf(stepLow, n + LANES);
        }
        if (results.length < n) {
            results = new double[n];
        }
        if (!splitParts(into.xs, at, n, into.xs, at - d, into.sigma, into.bound, stepHigh, stepLow)) {
            return false;
        }
        DoubleVector h = DoubleVector.fromArray(DOUBLES, windowHigh, 0);
        DoubleVector l = DoubleVector.fromArray(DOUBLES, windowLow, 0);
        int whole = n & -LANES;
        for (int i = 0; i < whole; i += LANES) {
            int k = LANES + i;
            h = h.add(fourRows(stepHigh, k));
            l = l.add(fourRows(stepLow, k));
            h.add(l).mul(scale).intoArray(results, i);
        }
        h.intoArray(windowHigh, 0);
        l.intoArray(windowLow, 0);
        for (int i = whole; i < n; i++) {
            // one row on from the last window, which moves to the last lane
            double high = windowHigh[LANES - 1] + stepHigh[LANES + i];
            double low = windowLow[LANES - 1] + stepLow[LANES + i];
            System.arraycopy(windowHigh, 1, windowHigh, 0, LANES - 1);
            System.arraycopy(windowLow, 1, windowLow, 0, LANES - 1);
            windowHigh[LANES - 1] = high;
            windowLow[LANES - 1] = low;
            results[i] = (high + low) * scale;
        }
        // the steps of the block's last three rows, for the next block's first four-row sums
        System.arraycopy(stepHigh, n + 1, stepHigh, 1, LANES - 1);
        System.arraycopy(stepLow, n + 1, stepLow, 1, LANES - 1);
        out.put(outFrom, results, 0, n);
        return true;
    }

    /**
     * Splits the steps {@code xs[at + i] - olds[oldsAt + i]} of the rows {@code i < n} into
     * {@code highParts} and {@code lowParts} from index {@link #LANES} on (the high parts of the
     * value and of the old one apart, so that a high step is exact); false at the first row that
     * is not clean.
     */
    private static boolean splitParts(double[] xs, int at, int n, double[] olds, int oldsAt, double sigma, double bound,
            double[] highParts, double[] lowParts) {
        int whole = n & -LANES;
        for (int i = 0; i < whole; i += LANES) {
            DoubleVector v = DoubleVector.fromArray(DOUBLES, xs, at + i);
            if (unclean(v, DoubleVector.fromArray(DOUBLES, xs, at + i - 1), bound)) {
                return false;
            }
            DoubleVector old = DoubleVector.fromArray(DOUBLES, olds, oldsAt + i);
            DoubleVector hi = v.add(sigma).sub(sigma);
            DoubleVector oldHi = old.add(sigma).sub(sigma);
            hi.sub(oldHi).intoArray(highParts, LANES + i);
            v.sub(hi).sub(old.sub(oldHi)).intoArray(lowParts, LANES + i);
        }
        for (int i = whole; i < n; i++) {
            double v = xs[at + i];
            if (unclean(v, xs[at + i - 1], bound)) {
                return false;
            }
            partsInto(highParts, lowParts, LANES + i, v, olds[oldsAt + i], sigma);
        }
        return true;
    }

    /** One step's split parts (the scalar form of {@link #splitParts}, bit for bit) at {@code index}. */
    private static void partsInto(double[] highParts, double[] lowParts, int index, double v, double old, double sigma) {
        double hi = (v + sigma) - sigma;
        double oldHi = (old + sigma) - sigma;
        highParts[index] = hi - oldHi;
        lowParts[index] = (v - hi) - (old - oldHi);
    }

    @Override
    public double largest(double[] xs, int from, int to) {
        int whole = from + ((to - from) & -LANES);
        DoubleVector most = DoubleVector.zero(DOUBLES);
        for (int p = from; p < whole; p += LANES) {
            // a NaN carries through max, so one NaN makes the result NaN
            most = most.max(DoubleVector.fromArray(DOUBLES, xs, p).abs());
        }
        double largest = most.reduceLanes(VectorOperators.MAX);
        for (int p = whole; p < to; p++) {
            largest = Math.max(largest, Math.abs(xs[p]));
        }
        return largest;
    }

    @Override
    public void writeSteady(double[] high, double[] low, int at, int from, int to, int d, double scale,
            DoubleBuffer out) {
        int n = to - from;
        if (results.length < n) {
            results = new double[n];
        }
        int whole = n & -LANES;
        for (int i = 0; i < whole; i += LANES) {
            int p = at + from + i;
            DoubleVector windowHigh = DoubleVector.fromArray(DOUBLES, high, p)
                    .sub(DoubleVector.fromArray(DOUBLES, high, p - d));
            DoubleVector windowLow = DoubleVector.fromArray(DOUBLES, low, p).sub(DoubleVector.fromArray(DOUBLES, low, p - d));
            windowHigh.add(windowLow).mul(scale).intoArray(results, i);
        }
        for (int i = whole; i < n; i++) {
            int p = at + from + i;
            results[i] = PrefixRoller.between(high, low, p, p - d) * scale;
        }
        // one bulk copy: a vector store to native memory checks its bounds and scope each time on Java 17
        out.put(from, results, 0, n);
    }
}
