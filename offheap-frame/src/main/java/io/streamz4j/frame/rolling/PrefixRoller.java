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
 * counted in {@link #valid}.
 *
 * <p>Thread safety: confined to the node that owns it.
 */
abstract class PrefixRoller implements ColumnRoller {
    /** The raw values by position. */
    double[] xs = new double[0];
    /** Observations (non-NaN values) at positions 1..p. */
    int[] valid = new int[0];
    /** Negative observations (-0.0 included) at positions 1..p, for pandas' sign guard on means. */
    int[] negative = new int[0];
    /** Where the run of equal observations ending at the last observation at or before p began (0: none). */
    int[] runStart = new int[0];
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
        scanCounts(from, at + n);
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
            valid = new int[capacity];
            negative = new int[capacity];
            runStart = new int[capacity];
            grow(capacity);
        }
        if (live > 0) {
            System.arraycopy(old, keepFrom, xs, 1, live);
        }
        base = head;
    }

    private void scanCounts(int from, int to) {
        int count = valid[from - 1];
        int negatives = negative[from - 1];
        int run = runStart[from - 1];
        double previous = run > 0 ? xs[run] : Double.NaN;
        for (int p = from; p < to; p++) {
            double x = xs[p];
            if (x == x) {
                count++;
                negatives += (int) (Double.doubleToRawLongBits(x) >>> 63);
                if (x != previous) {
                    run = p;
                    previous = x;
                }
            }
            valid[p] = count;
            negative[p] = negatives;
            runStart[p] = run;
        }
    }

    /**
     * Whether every observation in positions {@code (pj, pi]} equals the last one (pandas returns
     * that value exactly for such a window); only asked when the window holds an observation.
     */
    final boolean repeated(int pi, int pj) {
        return valid[runStart[pi] - 1] <= valid[pj];
    }

    /** Compensated prefix sums over positions {@code from .. to - 1} of {@code (x - shift)}, or of its square. */
    static void prefixSums(double[] xs, int from, int to, double shift, boolean squared, double[] sum, double[] err) {
        double s = sum[from - 1];
        double e = err[from - 1];
        for (int p = from; p < to; p++) {
            double x = xs[p];
            double d = x == x ? x - shift : 0;
            double v = squared ? d * d : d;
            double t = s + v;
            double virtual = t - s;
            e += (s - (t - virtual)) + (v - virtual);
            s = t;
            sum[p] = s;
            err[p] = e;
        }
    }

    /** The sum over positions {@code (pj, pi]} from compensated prefix sums. */
    static double between(double[] sum, double[] err, int pi, int pj) {
        return (sum[pi] - sum[pj]) + (err[pi] - err[pj]);
    }

    /** Makes the subclass's prefix arrays {@code capacity} long (their old content is rebuilt). */
    abstract void grow(int capacity);

    /** Builds the subclass's prefixes over positions {@code from .. to - 1} from {@link #xs}. */
    abstract void scan(int from, int to);

    /**
     * Writes row i's statistic at {@code out + 8 i}: its position is {@code at + i}, its window's
     * prefix before it at position {@code starts[i] - base}.
     */
    abstract void write(int at, int n, long[] starts, long base, int minPeriods, long out);
}
