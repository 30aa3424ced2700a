package io.streamz4j.frame.rolling;

import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.kernel.Simd;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SIMD form of the rolling sum and mean ({@link VectorLanes}) against the scalar form it
 * stands in for and against exact sums. The test JVM runs with {@code --add-modules
 * jdk.incubator.vector} (Surefire's argLine), so both forms are built here side by side;
 * {@code SimdFallbackTest} covers a JVM without the module.
 */
class LanesTest {
    private final BufferAllocator allocator = new RootAllocator();
    private final Random random = new Random(5);
    /** Whether the last roller rolled was running on its lanes after each frame. */
    private final List<Boolean> runningAfterFrame = new ArrayList<>();

    @AfterEach
    void close() {
        allocator.close();
    }

    @Test
    void theTestJvmRunsTheSimdKernels() {
        assertTrue(Simd.enabled(), "the tests run with --add-modules jdk.incubator.vector (Surefire's argLine)");
    }

    /**
     * A clean stretch scanned on the lanes gives the high prefixes and the packed counts the scalar
     * scan gave, bit for bit, and the low prefixes within a few units in their last place: spans
     * of every length modulo four, at the first position and anywhere later.
     */
    @Test
    void vectorScanWritesWhatTheScalarScanWrote() {
        double[] xs = uniform(6000, -500, 1000);
        PrefixSum roller = new PrefixSum(true, true, null);
        roll(roller, xs, 6000, 0, new int[] {6000});
        double[] high = roller.high.clone();
        double[] low = roller.low.clone();
        long[] counts = roller.counts.clone();
        Lanes lanes = new VectorLanes();
        for (int[] span : new int[][] {{1, 6000}, {1, 3}, {2, 4997}, {777, 1234}, {5990, 11}, {100, 1}, {3, 4}}) {
            int at = span[0];
            int n = span[1];
            Arrays.fill(roller.high, at, at + n, Double.NaN);
            Arrays.fill(roller.low, at, at + n, Double.NaN);
            Arrays.fill(roller.counts, at, at + n, -1);
            roller.longestRun = 0;
            assertTrue(lanes.scanClean(roller, at, n), "clean span " + Arrays.toString(span));
            assertArrayEquals(Arrays.copyOfRange(high, at, at + n), Arrays.copyOfRange(roller.high, at, at + n),
                    "high prefixes " + Arrays.toString(span));
            assertArrayEquals(Arrays.copyOfRange(counts, at, at + n), Arrays.copyOfRange(roller.counts, at, at + n),
                    "counts " + Arrays.toString(span));
            for (int p = at; p < at + n; p++) {
                assertEquals(low[p], roller.low[p], 8 * Math.ulp(low[p]) + Double.MIN_NORMAL,
                        "low prefix at " + p + " " + Arrays.toString(span));
            }
            assertEquals(1, roller.longestRun, "every clean row starts its own run");
        }
    }

    /**
     * A stretch the lanes cannot take is refused with the roller untouched: a missing value in it,
     * a value equal to the one before it (also across the stretch's start), one beyond the bound
     * sigma was chosen for, an infinity, and a missing value just before the stretch (the run
     * before it is the scalar scan's to follow); in the four-row vectors and in the rows after them.
     */
    @Test
    void uncleanStretchesAreRefusedUntouched() {
        Lanes lanes = new VectorLanes();
        for (int trouble = 0; trouble < 8; trouble++) {
            double[] xs = uniform(3000, -500, 1000);
            PrefixSum roller = new PrefixSum(false, true, null);
            roll(roller, xs, 3000, 0, new int[] {3000});
            int at = 1001;
            // four-row vectors up to 700, single rows after
            int n = 703;
            double[] values = roller.xs;
            switch (trouble) {
                case 0: values[at + 345] = Double.NaN; break;
                case 1: values[at + 346] = values[at + 345]; break;
                case 2: values[at] = values[at - 1]; break;
                case 3: values[at + 699] = roller.bound * 1.5; break;
                case 4: values[at + 2] = Double.NEGATIVE_INFINITY; break;
                case 5: values[at + 702] = values[at + 701]; break;
                case 6: values[at + 700] = Double.NaN; break;
                default: values[at - 1] = Double.NaN; break;
            }
            double[] high = roller.high.clone();
            double[] low = roller.low.clone();
            long[] counts = roller.counts.clone();
            assertFalse(lanes.scanClean(roller, at, n), "trouble " + trouble);
            assertArrayEquals(high, roller.high, "trouble " + trouble);
            assertArrayEquals(low, roller.low, "trouble " + trouble);
            assertArrayEquals(counts, roller.counts, "trouble " + trouble);
        }
    }

    @Test
    void largestMagnitudeOrNaN() {
        Lanes lanes = new VectorLanes();
        double[] xs = uniform(1003, -100, 200);
        xs[517] = -4321.5;
        assertEquals(4321.5, lanes.largest(xs, 0, xs.length));
        assertEquals(4321.5, lanes.largest(xs, 517, 518));
        assertEquals(Math.abs(xs[1001]), lanes.largest(xs, 1001, 1002));
        assertEquals(0, lanes.largest(xs, 5, 5));
        xs[1002] = Double.NaN;
        assertTrue(Double.isNaN(lanes.largest(xs, 0, xs.length)), "the tail's NaN");
        xs[1002] = 1;
        xs[3] = Double.NaN;
        assertTrue(Double.isNaN(lanes.largest(xs, 0, xs.length)), "a lane's NaN");
    }

    /**
     * Rolling sums and means through a roller with lanes and one without, on the same frames, each
     * against an exact (BigDecimal) sum of the window: clean data at two magnitudes, values that
     * cancel, and data with missing values, runs of one value and a level jumping 1e9-fold midway,
     * in frames of 0 to 1,500 rows and windows of 1 to 1,000 rows. The lanes take the clean blocks
     * and the scalar scan the rest, so the two rollers also hand over to each other mid-stream.
     */
    @Test
    void rollingSumsAndMeansMatchTheScalarFormAndExactSums() {
        double[][] data = {uniform(12000, 0, 1000), uniform(12000, -1e-6, 2e-6), cancelling(12000), troubled(12000)};
        int[] frames = new int[40];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = i % 7 == 3 ? 0 : random.nextInt(1500);
        }
        for (double[] xs : data) {
            ExactPrefixes exact = ExactPrefixes.of(xs);
            for (int window : new int[] {1, 2, 3, 5, 8, 1000}) {
                for (boolean mean : new boolean[] {false, true}) {
                    double[] simd = roll(new PrefixSum(mean, true, new VectorLanes()), xs, window, 1, frames);
                    double[] scalar = roll(new PrefixSum(mean, true, null), xs, window, 1, frames);
                    for (int i = 0; i < simd.length; i++) {
                        double want = exact.window(Math.max(0, i - window + 1), i + 1, mean);
                        String where = (mean ? "mean" : "sum") + " window " + window + " row " + i;
                        assertClose(want, scalar[i], "scalar " + where);
                        assertClose(want, simd[i], "simd " + where);
                    }
                }
            }
        }
    }

    /**
     * The running form (windows rolled on as running sums, no prefixes written) against exact
     * sums, with every way of leaving it and coming back: frames of 0 to 10,000 rows (block
     * lengths of every remainder modulo four), re-bases, missing values, a pair of equal
     * neighbours, a run of one value longer than the short windows, a level jumping 1e6-fold (a
     * new sigma) and values that cancel, for windows of 2 to 5,000 rows; on the data without
     * missing values the lanes must have been running at the end of some frames for each window.
     */
    @Test
    void runningFormMatchesExactSumsAcrossItsHandovers() {
        double[] interrupted = uniform(40000, -50, 100);
        for (int i = 2500; i < interrupted.length; i += 3001) {
            interrupted[i] = Double.NaN;
        }
        interrupted[9000] = interrupted[8999];
        Arrays.fill(interrupted, 15000, 15010, 7.25);
        for (int i = 26000; i < interrupted.length; i++) {
            interrupted[i] *= 1e6;
        }
        double[][] data = {uniform(40000, 0, 1000), interrupted, cancelling(40000)};
        int[] frames = {10000, 513, 3, 0, 4096, 1, 777, 2048, 6};
        for (double[] xs : data) {
            ExactPrefixes exact = ExactPrefixes.of(xs);
            boolean observed = exact.counts()[xs.length] == xs.length;
            for (int window : new int[] {2, 3, 4, 7, 64, 1000, 5000}) {
                for (boolean mean : new boolean[] {false, true}) {
                    runningAfterFrame.clear();
                    double[] simd = roll(new PrefixSum(mean, true, new VectorLanes()), xs, window, 1, frames);
                    String how = (mean ? "mean" : "sum") + " window " + window;
                    assertTrue(!observed || runningAfterFrame.contains(true), how + ": the lanes never ran on");
                    for (int i = 0; i < simd.length; i++) {
                        double want = exact.window(Math.max(0, i - window + 1), i + 1, mean);
                        assertClose(want, simd[i], how + " row " + i);
                    }
                }
            }
        }
    }

    /**
     * Leaving the running form costs a rescan of up to a window, so the roller scans a window's
     * rows into prefixes before the lanes run again (a row costs O(1) amortised whatever the
     * window): a pair of equal neighbours in the frame of rows 5,000 to 5,099 (which the lanes
     * refuse) keeps them off until the frame that starts at row 6,000, though every row after it
     * is clean. (The first frame of 5,000 rows makes the arrays large enough that no re-base, which
     * rebuilds the prefixes anyway, falls in between.)
     */
    @Test
    void afterLeavingTheRunningFormAWindowOfRowsIsScannedBeforeTheLanesRunAgain() {
        double[] xs = uniform(8000, 0, 1000);
        xs[5050] = xs[5049];
        int[] frames = new int[31];
        Arrays.fill(frames, 100);
        frames[0] = 5000;
        runningAfterFrame.clear();
        double[] simd = roll(new PrefixSum(false, true, new VectorLanes()), xs, 1000, 1, frames);
        assertEquals(true, runningAfterFrame.get(0), "running by the end of the first frame");
        for (int f = 1; f <= 10; f++) {
            assertEquals(false, runningAfterFrame.get(f), "the frame of rows " + (4900 + 100 * f) + " on");
        }
        assertEquals(true, runningAfterFrame.get(11), "running again from the frame of row 6,000");
        ExactPrefixes exact = ExactPrefixes.of(xs);
        for (int i = 0; i < xs.length; i++) {
            assertClose(exact.window(Math.max(0, i - 999), i + 1, false), simd[i], "row " + i);
        }
    }

    private static void assertClose(double want, double have, String what) {
        assertTrue(Double.isNaN(want) ? Double.isNaN(have) : Math.abs(want - have) <= 1e-12 * Math.abs(want) + 1e-300,
                what + ": " + have + " vs exact " + want);
    }

    /** Exact prefix sums of the observations (position i: rows 0 .. i - 1) and their counts. */
    private record ExactPrefixes(BigDecimal[] sums, int[] counts) {
        static ExactPrefixes of(double[] xs) {
            BigDecimal[] sums = new BigDecimal[xs.length + 1];
            int[] counts = new int[xs.length + 1];
            sums[0] = BigDecimal.ZERO;
            for (int i = 0; i < xs.length; i++) {
                boolean seen = xs[i] == xs[i];
                sums[i + 1] = seen ? sums[i].add(new BigDecimal(xs[i])) : sums[i];
                counts[i + 1] = counts[i] + (seen ? 1 : 0);
            }
            return new ExactPrefixes(sums, counts);
        }

        /** The exact sum (or mean) of the observations at {@code from .. to - 1}, NaN if none. */
        double window(int from, int to, boolean mean) {
            int seen = counts[to] - counts[from];
            if (seen == 0) {
                return Double.NaN;
            }
            BigDecimal total = sums[to].subtract(sums[from]);
            return mean ? total.divide(BigDecimal.valueOf(seen), MathContext.DECIMAL128).doubleValue()
                    : total.doubleValue();
        }
    }

    private double[] uniform(int n, double low, double width) {
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = low + random.nextDouble() * width;
        }
        return xs;
    }

    /** +-1e9 alternating with noise: window sums far below the values' magnitude. */
    private double[] cancelling(int n) {
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = (i % 2 == 0 ? 1e9 : -1e9) + random.nextGaussian();
        }
        return xs;
    }

    /** Clean stretches between missing values, runs of one value and a level that jumps 1e9-fold. */
    private double[] troubled(int n) {
        double[] xs = uniform(n, -50, 100);
        for (int i = 0; i < n; i++) {
            if (i >= 4000 && i < 5500) {
                xs[i] = 7.25;
            } else if (i >= 8000 && random.nextInt(300) == 0) {
                xs[i] = Double.NaN;
            } else if (i >= n / 2) {
                xs[i] *= 1e9;
            }
        }
        return xs;
    }

    /**
     * Rolls {@code xs} through {@code roller} in frames of the given sizes (over and over until all
     * rows are in) as {@link RollingNode} drives it for a window of {@code window} rows.
     */
    private double[] roll(PrefixSum roller, double[] xs, int window, int minPeriods, int[] frames) {
        double[] results = new double[xs.length];
        WindowStarts starts = new WindowStarts();
        long head = 0;
        int done = 0;
        for (int f = 0; done < xs.length; f++) {
            int n = Math.min(frames[f % frames.length], xs.length - done);
            try (ArrowBuf in = allocator.buffer(Math.max(1, 8L * n)); ArrowBuf out = allocator.buffer(Math.max(1, 8L * n))) {
                for (int i = 0; i < n; i++) {
                    in.setDouble(8L * i, xs[done + i]);
                }
                starts.ofRows(window, head, done, n);
                roller.roll(ColumnType.DOUBLE, in.memoryAddress(), done, head, starts, n, minPeriods, out.memoryAddress());
                for (int i = 0; i < n; i++) {
                    results[done + i] = out.getDouble(8L * i);
                }
                head = n > 0 ? starts.at(n - 1) : head;
                runningAfterFrame.add(roller.running);
            }
            done += n;
        }
        return results;
    }
}
