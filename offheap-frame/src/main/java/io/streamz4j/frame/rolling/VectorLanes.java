package io.streamz4j.frame.rolling;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.nio.DoubleBuffer;

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
    /** The prefixes at the four positions before the block, where each lane's chain starts. */
    private final double[] startHigh = new double[LANES];
    private final double[] startLow = new double[LANES];
    /** A block's results, copied to the output column in one go. */
    private double[] results = new double[0];

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
        }
        if (!split(xs, at, n, into.sigma, into.bound)) {
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

    /** Splits positions {@code at ..} into {@link #highs} and {@link #lows}; false at the first row that is not clean. */
    private boolean split(double[] xs, int at, int n, double sigma, double bound) {
        int whole = n & -LANES;
        for (int i = 0; i < whole; i += LANES) {
            DoubleVector v = DoubleVector.fromArray(DOUBLES, xs, at + i);
            DoubleVector before = DoubleVector.fromArray(DOUBLES, xs, at + i - 1);
            // NaN fails "at most bound" too
            if (v.compare(VectorOperators.EQ, before).or(v.abs().compare(VectorOperators.LE, bound).not()).anyTrue()) {
                return false;
            }
            DoubleVector hi = v.add(sigma).sub(sigma);
            hi.intoArray(highs, LANES + i);
            v.sub(hi).intoArray(lows, LANES + i);
        }
        for (int i = whole; i < n; i++) {
            double v = xs[at + i];
            if (v == xs[at + i - 1] || !(Math.abs(v) <= bound)) {
                return false;
            }
            splitInto(LANES + i, v, sigma);
        }
        return true;
    }

    /**
     * The split parts of the three rows just before position {@code at}, which the block's first
     * four-row sums reach (a missing value, or no row, counts 0).
     */
    private void splitBefore(double[] xs, int at, double sigma) {
        for (int k = 1; k < LANES; k++) {
            int p = at - k;
            splitInto(LANES - k, p >= 1 && xs[p] == xs[p] ? xs[p] : 0, sigma);
        }
    }

    /** One value's split parts (the scalar form of the vector split, bit for bit) at {@code index} of the scratch. */
    private void splitInto(int index, double v, double sigma) {
        double hi = (v + sigma) - sigma;
        highs[index] = hi;
        lows[index] = v - hi;
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
