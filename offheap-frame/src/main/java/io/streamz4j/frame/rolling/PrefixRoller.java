package io.streamz4j.frame.rolling;

import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.kernel.ColumnKernels;

/**
 * Rolls a statistic made of sums (sum, mean, var, std, count) through prefix sums instead of a
 * running sum: every row's window sum is {@code P[i] - P[j]}, one independent subtraction per row
 * with no chain from row to row, so a frame costs one pass that builds the prefixes (a single
 * add per row on the loop-carried chain) and one pass that reads them.
 *
 * <p>Rows are kept by position in plain arrays: position 0 is an empty prefix, position
 * {@code p >= 1} is arrival {@code base + p - 1}. When the rows no longer in any window outnumber
 * the ones still in it (every frame when frames are longer than the window), the live rows move
 * to the front and their prefixes are rebuilt from zero ("re-basing"), which costs at most one
 * rebuilt row per arrived row and keeps the prefixes' magnitude that of at most twice the live rows
 * plus a frame, never growing with the stream.
 *
 * <p>Prefix sums are compensated: each add's exact rounding error (Knuth's two-sum) goes into a
 * second prefix, so a window sum is {@code (S[i] - S[j]) + (E[i] - E[j])}, exact to a few units in
 * the last place of the window's own sum whatever the magnitude of the prefix (see
 * bench/README.md's issue 6 section for the limits).
 *
 * <p>Missing values (NaN) count as rows but not observations, as in pandas: they add 0 and are not
 * counted in {@link #counts}.
 *
 * <p>Thread safety: confined to the node that owns it.
 */
abstract class PrefixRoller implements ColumnRoller {
    /** The raw values by position. */
    double[] xs = new double[0];
    /**
     * Per position p, two counts in one long (one store per row instead of two): high half, the
     * observations (non-NaN values) at positions 1..p; low half, the observations before the run
     * of equal observations that ends at the last observation at or before p.
     */
    long[] counts = new long[0];
    /** Compensated prefix sums of the observations (NaN as 0): the rounded sums and their exact rounding errors. */
    double[] sum = new double[0];
    double[] err = new double[0];
    private long base;

    @Override
    public final void roll(ColumnType type, long address, long first, long head, long[] starts, int n, int minPeriods,
            long out) {
        int live = (int) (first - head);
        int at = (int) (first - base) + 1;
        int from = at;
        if (head - base >= live || at + n > xs.length) {
            rebase(head, live, n);
            at = live + 1;
            // the live rows' prefixes are rebuilt too, from zero
            from = 1;
        }
        for (int i = 0; i < n; i++) {
            xs[at + i] = ColumnKernels.load(type, address, i);
        }
        scanPrefixes(from, at + n);
        scan(from, at + n);
        write(at, n, starts, base, minPeriods, out);
    }

    /**
     * Moves the live rows ({@code head .. head + live - 1}) to position 1. The arrays keep room for
     * twice the live rows and the frame, so at least as many rows arrive before the next re-base as
     * it rebuilds.
     */
    private void rebase(long head, int live, int n) {
        int keepFrom = (int) (head - base) + 1;
        double[] old = xs;
        int need = 2 * (live + n) + 1;
        if (need > xs.length) {
            int capacity = Math.max(need, 2 * xs.length);
            xs = new double[capacity];
            counts = new long[capacity];
            sum = new double[capacity];
            err = new double[capacity];
            grow(capacity);
        }
        if (live > 0) {
            System.arraycopy(old, keepFrom, xs, 1, live);
        }
        base = head;
    }

    /**
     * One pass over positions {@code from .. to - 1}: observation counts, runs of equal
     * observations and the compensated prefix sum. Only the sum's add is on the loop-carried
     * floating-point chain (its error goes to a second, independent chain); three stores a row.
     */
    private void scanPrefixes(int from, int to) {
        long packed = counts[from - 1];
        int count = (int) (packed >>> 32);
        int before = (int) packed;
        double previous = lastObservation(from - 1);
        double s = sum[from - 1];
        double e = err[from - 1];
        for (int p = from; p < to; p++) {
            double x = xs[p];
            double v = 0;
            if (x == x) {
                if (x != previous) {
                    before = count;
                    previous = x;
                }
                count++;
                v = x;
            }
            double t = s + v;
            double virtual = t - s;
            e += (s - (t - virtual)) + (v - virtual);
            s = t;
            counts[p] = (long) count << 32 | before;
            sum[p] = s;
            err[p] = e;
        }
    }

    /** The observations at positions 1..p. */
    final int observations(int p) {
        return (int) (counts[p] >>> 32);
    }

    /**
     * The last observation at or before position p, NaN if none. Walks back over missing values:
     * only asked once per re-base and for windows of one repeated value.
     */
    final double lastObservation(int p) {
        for (int q = p; q > 0; q--) {
            if (xs[q] == xs[q]) {
                return xs[q];
            }
        }
        return Double.NaN;
    }

    /**
     * Whether every observation in positions {@code (pj, pi]} equals the last one (pandas returns
     * that value exactly for such a window); only asked when the window holds an observation.
     */
    final boolean repeated(int pi, int pj) {
        return (int) counts[pi] <= observations(pj);
    }

    /**
     * Compensated prefix sums over positions {@code from .. to - 1} of {@code x^2}, the square's
     * own rounding error (exact, from a fused multiply-add) added to the error prefix.
     */
    static void squareSums(double[] xs, int from, int to, double[] sum, double[] err) {
        double s = sum[from - 1];
        double e = err[from - 1];
        for (int p = from; p < to; p++) {
            double x = xs[p];
            double d = x == x ? x : 0;
            double v = d * d;
            double t = s + v;
            double virtual = t - s;
            e += (s - (t - virtual)) + (v - virtual) + Math.fma(d, d, -v);
            s = t;
            sum[p] = s;
            err[p] = e;
        }
    }

    /** The sum over positions {@code (pj, pi]} from compensated prefix sums. */
    static double between(double[] sum, double[] err, int pi, int pj) {
        return (sum[pi] - sum[pj]) + (err[pi] - err[pj]);
    }

    /**
     * The low part of the same sum when its high part is {@code high = sum[pi] - sum[pj]}: the
     * subtraction's exact rounding error (two-sum) plus the error prefixes' difference.
     */
    static double lowBetween(double[] sum, double[] err, int pi, int pj, double high) {
        double virtual = high - sum[pi];
        return (sum[pi] - (high - virtual)) + (-sum[pj] - virtual) + (err[pi] - err[pj]);
    }

    /** Makes the subclass's own prefix arrays, if any, {@code capacity} long (their content is rebuilt). */
    void grow(int capacity) {
        // the counts and sums above are all that sum, mean and count need
    }

    /** Builds the subclass's own prefixes, if any, over positions {@code from .. to - 1} from {@link #xs}. */
    void scan(int from, int to) {
        // likewise
    }

    /**
     * Writes row i's statistic at {@code out + 8 i}: its position is {@code at + i}, its window's
     * prefix before it at position {@code starts[i] - base}.
     */
    abstract void write(int at, int n, long[] starts, long base, int minPeriods, long out);
}
