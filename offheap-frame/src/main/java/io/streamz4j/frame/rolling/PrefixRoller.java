package io.streamz4j.frame.rolling;

import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.kernel.ColumnKernels;
import org.apache.arrow.memory.util.MemoryUtil;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;

/**
 * Rolls a statistic made of sums (sum, mean, var, std, count) through prefix sums instead of a
 * running sum: every row's window sum is {@code P[i] - P[j]}, one independent subtraction per row
 * with no chain from row to row, so a frame costs one pass that builds the prefixes and one pass
 * that reads them.
 *
 * <p>Rows are kept by position in plain arrays: position 0 is an empty prefix, position
 * {@code p >= 1} is arrival {@code base + p - 1}. When a frame does not fit behind the last
 * position, the live rows (those a later window still reaches) move to the front and their
 * prefixes are rebuilt from zero ("re-basing"). The arrays then keep room for twice the live rows
 * and the frame, so at least as many rows arrive before the next re-base as it rebuilt: at most
 * one rebuilt row per arrived row, and the prefixes' magnitude stays that of the arrays' capacity
 * of rows, never growing with the stream.
 *
 * <p>Prefix sums are exact in their high part: at each re-base a power of two {@code sigma} at
 * least the arrays' capacity times the largest magnitude (with headroom) is chosen, and every value
 * is split into {@code hi = (sigma + x) - sigma}, a multiple of sigma's unit in the last place,
 * and the exact rest {@code lo = x - hi} (Rump's error-free extraction). Every partial sum of the
 * {@code hi} parts is such a multiple below sigma, so it is exact: {@code H[i] - H[j]} is the exact
 * sum of the window's high parts. The {@code lo} parts are below 2^-52 sigma; their prefix is an
 * ordinary sum whose rounding is some 1e-32 of the prefixes' magnitude. A window sum
 * {@code (H[i] - H[j]) + (L[i] - L[j])} is thus exact to a few units in the last place of the
 * window's own sum whatever the history (RollingTest checks it against exact BigDecimal sums), with
 * two independent one-add chains per row instead of a two-sum. A block holding a value beyond the
 * bound sigma was chosen for makes every prefix be rebuilt at once on a larger sigma (at most once
 * per doubling of the largest magnitude between two re-bases).
 *
 * <p>With {@link Lanes} (the SIMD kernels on), a block of clean rows (observations within the
 * bound, none equal to the one before) is scanned on SIMD lanes, and the sums and means of
 * windows that all span the same number of rows are written there too; every other block takes
 * the scalar code below. A roller of sums or means over full windows of rows goes further
 * ("running"): from the prefixes of the rows before, the lanes roll the windows on block after
 * block without writing prefixes at all ({@link Lanes#rollClean}). The first block that cannot
 * be rolled so leaves that: the prefixes its windows reach are rebuilt from the values, starting
 * afresh at its first window (O(window + block), and at least a window's rows are scanned before
 * the lanes run again, so a row costs O(1) amortised whatever the window). A re-base rebuilds
 * every live prefix anyway, and the lanes restart from there.
 *
 * <p>Missing values (NaN) count as rows but not observations, as in pandas: they add 0 and are not
 * counted in {@link #counts}.
 *
 * <p>Thread safety: confined to the node that owns it.
 */
abstract class PrefixRoller implements ColumnRoller {
    /** Factor between the largest magnitude when sigma is chosen and the largest it takes without a new one. */
    private static final double HEADROOM = 2;
    /** Rows copied and scanned at a time: small enough to stay in L1 between the two. */
    private static final int BLOCK = 512;
    /**
     * Rows whose input is pulled into cache ({@link #fetch}) before the blocks reach them: 128 KiB of
     * doubles, well inside L2, so a large frame is not pulled in whole only to be evicted again.
     */
    private static final int AHEAD = 32 * BLOCK;
    /** A cache line's bytes: {@link #fetch} loads one byte a line. */
    private static final int LINE = 64;
    private static final long INFINITY_BITS = Double.doubleToRawLongBits(Double.POSITIVE_INFINITY);
    /** The raw values by position. */
    double[] xs = new double[0];
    /**
     * Per position p, two counts in one long (one store per row instead of two): high half, the
     * observations (non-NaN values) at positions 1..p; low half, the observations before the run
     * of equal observations that ends at the last observation at or before p.
     */
    long[] counts = new long[0];
    /** Prefix sums of the observations' high parts (exact) and low parts (NaN as 0). */
    double[] high = new double[0];
    double[] low = new double[0];
    /** The largest magnitude the current sigma takes. */
    double bound = -1;
    /** The extraction constant of the values, chosen at each re-base and when a value exceeds {@link #bound}. */
    double sigma;
    private long base;
    /** The longest run of equal observations ending at a position scanned for this frame. */
    int longestRun;
    /** Windows of a number of rows: each row's window starts 0 or 1 arrival after the previous row's. */
    private final boolean byRows;

    /** The SIMD form of the scan and the steady write, or null for the scalar one only. */
    final Lanes lanes;
    /** Whether the lanes roll the windows on as running sums, leaving the prefixes from {@link #runningFrom} on unwritten. */
    boolean running;
    private int runningFrom;
    /** The prefixes are consistent with each other from this position on (a restart puts 0 there). */
    private int validFrom;
    /** Rows still to scan into prefixes before the lanes may run again: a window's worth once they stop. */
    private int scanBeforeRunning;
    /** What {@link #fetch}'s loads add up to, kept so that the compiler cannot drop them. */
    private long fetched;
    /** The output column of the frame being rolled: its address and rows, and its view for the steady write. */
    private long outAddress;
    private int outRows;
    private DoubleBuffer output;

    PrefixRoller(boolean byRows, Lanes lanes) {
        this.byRows = byRows;
        this.lanes = lanes;
    }

    PrefixRoller(boolean byRows) {
        this(byRows, Lanes.create());
    }

    PrefixRoller() {
        this(false);
    }

    @Override
    public final void roll(ColumnType type, long address, long first, long head, WindowStarts starts, int n, int minPeriods,
            long out) {
        int live = (int) (first - head);
        int at = (int) (first - base) + 1;
        longestRun = 0;
        if (at + n > xs.length) {
            rebase(head, live, n);
            at = live + 1;
            choose(largestLive(at));
            // the live rows' prefixes are rebuilt too, from zero
            rescan(1, at);
            scan(1, at);
            running = false;
            validFrom = 0;
        }
        DoubleBuffer values = lanes != null && type == ColumnType.DOUBLE && n > 0 ? bytes(address, n).asDoubleBuffer()
                : null;
        outAddress = out;
        outRows = n;
        int from = at;
        // copied and scanned a block at a time, so the scan reads the values from L1
        for (int done = 0; done < n; done += BLOCK) {
            if (done % AHEAD == 0) {
                fetch(address + (long) type.width() * done, (long) type.width() * Math.min(AHEAD, n - done));
            }
            int len = Math.min(BLOCK, n - done);
            int p = at + done;
            if (values != null && rollOn(values, done, p, len, starts, minPeriods)) {
                from = p + len;
                continue;
            }
            if (running) {
                from = stopRunning((int) (starts.at(done) - base), p);
            }
            scanBeforeRunning = Math.max(0, scanBeforeRunning - len);
            if (values == null || from != p || !copyClean(values, done, p, len)) {
                double largest = copy(type, address, done, p, len);
                if (largest > bound) {
                    choose(Math.max(largest, largest(1, p)));
                    // every prefix is rebuilt, from zero, on the new sigma
                    from = 1;
                    validFrom = 0;
                }
                scanPrefixes(from, p + len);
            }
            scan(from, p + len);
            // read while the block's prefixes are still in L1
            write(at, done, done + len, starts, base, minPeriods, out);
            from = p + len;
        }
        // the column is the caller's once rolled
        output = null;
    }

    /**
     * Loads one byte of every cache line of the {@code bytes} at {@code address}, a frame's input
     * that is usually not in cache (a stream's frames arrive from memory): these loads depend on
     * nothing, so the core keeps many lines in flight and the prefetchers stream the rest, where
     * the block-by-block copy asks for each 4 KiB page only when it reaches it and waits for it
     * with little else to do. The blocks then read the frame from L2 (a whole run of distinct
     * frames measured about 10% faster).
     */
    private void fetch(long address, long bytes) {
        long sum = 0;
        for (long q = 0; q < bytes; q += LINE) {
            sum += MemoryUtil.getByte(address + q);
        }
        fetched += sum;
    }

    /**
     * Rolls the block at position {@code p} on the lanes as running sums if it can be: this roller
     * rolls so ({@link #runningScale}), every window of the block spans the same {@code d} rows, at
     * least {@code minPeriods} and two (a window of one row is that value exactly, as pandas gives
     * it; a longer one holds two unequal rows, so pandas' rule for a run of one value never
     * applies), and the rows are clean; when not running yet, the windows before the block that the
     * lanes start from must also be full of observations with prefixes to start from, and a
     * window's rows must have been scanned since the lanes last stopped. False, with the values
     * copied but nothing else changed, otherwise.
     */
    private boolean rollOn(DoubleBuffer values, int i0, int p, int n, WindowStarts starts, int minPeriods) {
        if (lanes == null || !byRows) {
            return false;
        }
        int pj = (int) (starts.at(i0) - base);
        int d = p - pj;
        double scale = runningScale(d);
        if (scale != scale || d < 2 || d < minPeriods || starts.at(i0 + n - 1) - starts.at(i0) != n - 1) {
            return false;
        }
        boolean starting = !running;
        if (starting && !canStartRunning(p, pj, d)) {
            return false;
        }
        values.get(i0, xs, p, n);
        if (starting) {
            lanes.startRunning(this, p, d);
        }
        if (!lanes.rollClean(this, p, n, d, scale, output(), i0)) {
            return false;
        }
        if (starting) {
            running = true;
            runningFrom = p;
        }
        // every clean row starts a run of its own
        longestRun = Math.max(longestRun, 1);
        return true;
    }

    /**
     * Whether the lanes may start running at position {@code p} on windows of {@code d} rows from
     * {@code pj}: a window's rows scanned since they last stopped, and the windows before the block
     * that they start from full of observations, with consistent prefixes.
     */
    private boolean canStartRunning(int p, int pj, int d) {
        int back = lanes.runningStart();
        return scanBeforeRunning == 0 && pj - back >= validFrom
                && observations(p - 1) - observations(pj - back) == d + back - 1;
    }

    /**
     * Leaves the running form before the block at position {@code p}, whose first window's prefix
     * is at position {@code pj}: returns the first position whose prefixes must be scanned. The
     * prefixes written before the lanes ran are kept when that window reaches them; otherwise they
     * start afresh at {@code pj} (no window reaches further back).
     */
    private int stopRunning(int pj, int p) {
        running = false;
        // the rescan below costs up to a window: as many rows scanned before the next one pay for it
        scanBeforeRunning = p - pj;
        if (pj < runningFrom) {
            return runningFrom;
        }
        high[pj] = 0;
        low[pj] = 0;
        counts[pj] = 0;
        validFrom = pj;
        return pj + 1;
    }

    /**
     * What a window's sum of {@code d} rows is multiplied by in the running form, or NaN if this
     * roller does not roll so (its statistic needs more than the sum).
     */
    double runningScale(int d) {
        return Double.NaN;
    }

    /** The {@code n} doubles at {@code address} as little-endian bytes (Arrow's order). */
    private static ByteBuffer bytes(long address, int n) {
        return MemoryUtil.directBuffer(address, Math.multiplyExact(n, Double.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The output column of the frame being rolled as a buffer, made on first use: only the SIMD
     * steady write of sums and means needs it.
     */
    final DoubleBuffer output() {
        if (output == null) {
            output = bytes(outAddress, outRows).asDoubleBuffer();
        }
        return output;
    }

    /** Copies the frame's values {@code i0 .. i0 + n - 1} to positions {@code at ..} and scans them on the lanes if they are clean. */
    private boolean copyClean(DoubleBuffer values, int i0, int at, int n) {
        values.get(i0, xs, at, n);
        return lanes.scanClean(this, at, n);
    }

    /** Scans positions {@code from .. to - 1}, already in {@link #xs}, on the lanes when they are clean. */
    private void rescan(int from, int to) {
        if (lanes == null || !lanes.scanClean(this, from, to - from)) {
            scanPrefixes(from, to);
        }
    }

    /** The largest magnitude of the live rows, positions {@code 1 .. at - 1}, NaN left out. */
    private double largestLive(int at) {
        double largest = lanes == null ? Double.NaN : lanes.largest(xs, 1, at);
        return largest == largest ? largest : largest(1, at);
    }

    /** Copies the frame's values {@code i .. i + n - 1} to positions {@code at ..}; returns their largest magnitude. */
    private double copy(ColumnType type, long address, int i0, int at, int n) {
        double largest = 0;
        double[] x = xs;
        if (type == ColumnType.DOUBLE) {
            long a = address + 8L * i0;
            // the largest magnitude's bits: an integer max is a one-cycle chain, a double one several
            long bits = 0;
            for (int i = 0; i < n; i++) {
                long v = MemoryUtil.getLong(a + 8L * i);
                x[at + i] = Double.longBitsToDouble(v);
                bits = Math.max(bits, v & Long.MAX_VALUE);
            }
            // a NaN's bits lie above every number's: then the magnitudes are taken again, NaN left out
            return bits <= INFINITY_BITS ? Double.longBitsToDouble(bits) : largest(at, at + n);
        }
        for (int i = 0; i < n; i++) {
            double v = ColumnKernels.load(type, address, i0 + i);
            x[at + i] = v;
            double a = Math.abs(v);
            largest = a > largest ? a : largest;
        }
        return largest;
    }

    /** The largest magnitude at positions {@code from .. to - 1} (NaN left out). */
    private double largest(int from, int to) {
        double largest = 0;
        for (int p = from; p < to; p++) {
            double a = Math.abs(xs[p]);
            largest = a > largest ? a : largest;
        }
        return largest;
    }

    /** Picks sigma for values up to {@code largest} times the headroom over every position the arrays hold. */
    private void choose(double largest) {
        bound = Math.max(largest, Double.MIN_NORMAL) * HEADROOM;
        sigma = grid(bound, xs.length);
    }

    /**
     * The extraction constant for up to {@code positions} values of magnitude at most {@code bound}:
     * a power of two at least twice their largest possible sum, so that every partial sum of high
     * parts stays a multiple of its unit in the last place below it. Capped at 2^1023 (values near
     * the double range lose the exactness, not the approximate sum).
     */
    static double grid(double bound, int positions) {
        int exponent = Math.getExponent(bound) + 1 + (32 - Integer.numberOfLeadingZeros(positions)) + 1;
        return Math.scalb(1.0, Math.min(exponent, Double.MAX_EXPONENT));
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
            high = new double[capacity];
            low = new double[capacity];
            grow(capacity);
        }
        if (live > 0) {
            System.arraycopy(old, keepFrom, xs, 1, live);
        }
        base = head;
    }

    /**
     * One pass over positions {@code from .. to - 1}: observation counts, runs of equal
     * observations and the split prefix sums: two independent one-add chains, four stores a row.
     */
    private void scanPrefixes(int from, int to) {
        long packed = counts[from - 1];
        int count = (int) (packed >>> 32);
        int before = (int) packed;
        double previous = lastObservation(from - 1);
        double h = high[from - 1];
        double l = low[from - 1];
        double s = sigma;
        double[] x = xs;
        long[] c = counts;
        double[] hs = high;
        double[] ls = low;
        int run = longestRun;
        for (int p = from; p < to; p++) {
            double v = x[p];
            if (v == v) {
                if (v != previous) {
                    before = count;
                    previous = v;
                }
                count++;
            } else {
                v = 0;
            }
            double hi = (s + v) - s;
            h += hi;
            l += v - hi;
            run = Math.max(run, count - before);
            c[p] = (long) count << 32 | before;
            hs[p] = h;
            ls[p] = l;
        }
        longestRun = run;
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
     * The common length of the windows of the frame's rows {@code from .. to - 1} when the plain formula holds for every row: each
     * window spans the same number of positions (a window of rows, full), every value in them is
     * an observation (so that many observations, at least {@code least}), and no run of equal
     * values fills one (those windows pandas gives exactly); otherwise -1.
     */
    final int steadyWindow(int at, int from, int to, WindowStarts starts, long base, int least) {
        long first = starts.at(from);
        if (byRows) {
            // steps of 0 or 1 that add up to one per row are all 1
            if (starts.at(to - 1) - first != to - 1 - from) {
                return -1;
            }
        } else {
            long[] each = starts.array();
            for (int i = from + 1; i < to; i++) {
                if (each[i] != first + i - from) {
                    return -1;
                }
            }
        }
        int pj = (int) (first - base);
        int d = at + from - pj;
        int last = at + to - 1;
        boolean observed = observations(last) - observations(pj) == last - pj;
        return observed && d >= least && longestRun < d ? d : -1;
    }

    /** The sum over positions {@code (pj, pi]} from split prefix sums. */
    static double between(double[] high, double[] low, int pi, int pj) {
        return (high[pi] - high[pj]) + (low[pi] - low[pj]);
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
     * Writes the statistic of each row i in {@code from .. to - 1} at {@code out + 8 i}: its
     * position is {@code at + i}, its window's prefix before it at position {@code starts.at(i) - base}.
     */
    abstract void write(int at, int from, int to, WindowStarts starts, long base, int minPeriods, long out);
}
