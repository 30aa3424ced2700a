package io.streamz4j.frame.rolling;

import io.streamz4j.Stream;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.DataFrame;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.window.OutOfOrder;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rolling aggregations against a direct recomputation of each window (pandas' definitions:
 * NaN skipped, min_periods, linear quantiles) over long random streams with uneven batches and
 * windows far larger than the oracle test's, plus out-of-order handling and argument errors.
 * (The per-row agreement with pandas itself is WindowRollingOracleTest's, which also runs
 * test_dataframes.py::test_rolling_count_aggregations' setup.) Every test closes its allocator.
 */
class RollingTest {
    private final BufferAllocator allocator = new RootAllocator();
    private final Schema schema = Schema.builder().add("x", ColumnType.DOUBLE).build();
    private final Schema timed = Schema.builder().add("x", ColumnType.DOUBLE).index("t", ColumnType.TIMESTAMP).build();

    @AfterEach
    void close() {
        allocator.close();
    }

    private static double expected(RollingOp op, double[] window, int minPeriods) {
        double[] v = Arrays.stream(window).filter(d -> d == d).sorted().toArray();
        int n = v.length;
        if (op == RollingOp.COUNT) {
            return window.length >= minPeriods ? n : Double.NaN;
        }
        if (n < Math.max(minPeriods, 1)) {
            return op == RollingOp.SUM && n == 0 && minPeriods == 0 ? 0 : Double.NaN;
        }
        double sum = Arrays.stream(v).sum();
        double mean = sum / n;
        double ss = Arrays.stream(v).map(d -> (d - mean) * (d - mean)).sum();
        switch (op) {
            case SUM: return sum;
            case MEAN: return mean;
            case MIN: return v[0];
            case MAX: return v[n - 1];
            case MEDIAN: return n % 2 == 1 ? v[n / 2] : (v[n / 2] + v[n / 2 - 1]) / 2;
            case QUANTILE: {
                double at = 0.3 * (n - 1);
                int lo = (int) at;
                return at == lo ? v[lo] : v[lo] + (v[lo + 1] - v[lo]) * (at - lo);
            }
            case VAR: return n > 1 ? ss / (n - 1) : Double.NaN;
            default: return n > 1 ? Math.sqrt(ss / (n - 1)) : Double.NaN;
        }
    }

    private static DataFrame apply(Rolling r, RollingOp op) {
        switch (op) {
            case SUM: return r.sum();
            case MEAN: return r.mean();
            case MIN: return r.min();
            case MAX: return r.max();
            case MEDIAN: return r.median();
            case QUANTILE: return r.quantile(0.3);
            case VAR: return r.var();
            case STD: return r.std();
            default: return r.count();
        }
    }

    /** Rolls xs through {@code rolling(n)} (with min_periods, if given) in seeded batches of 0 to maxBatch rows. */
    private List<Double> roll(double[] xs, int n, Integer minp, RollingOp op, int maxBatch) {
        DataFrame sdf = DataFrame.create(schema, allocator);
        Rolling rolling = sdf.rolling(n);
        if (minp != null) {
            rolling = rolling.minPeriods(minp);
        }
        List<Double> got = new ArrayList<>();
        Stream<?> sink = apply(rolling, op).stream().sink(f -> {
            for (double d : f.doubles("x")) {
                got.add(d);
            }
        });
        Random batches = new Random(n);
        for (int i = 0; i < xs.length; ) {
            int k = Math.min(xs.length - i, batches.nextInt(maxBatch + 1));
            List<Object[]> rows = new ArrayList<>();
            for (int j = i; j < i + k; j++) {
                rows.add(new Object[] {xs[j]});
            }
            try (Frame f = Frame.fromRows(schema, rows, allocator)) {
                sdf.emit(f);
            }
            i += k;
        }
        sink.destroy();
        return got;
    }

    /**
     * Save and resume (no streamz test: streamz's Rolling has no state to save): every statistic,
     * over 50 rows and over 30 s of a timestamp index, with NaNs; a node started from a snapshot
     * taken after 8 frames gives, for the frames after, the same results as the node that went on
     * (bit for bit for the order statistics and count, within 1e-12 for the sums, whose low parts
     * are rebuilt in another order), and the snapshot holds only the rows still in reach.
     */
    @Test
    void snapshotAndStartResumeEveryStatistic() {
        Random r = new Random(3);
        int total = 600;
        double[] xs = new double[total];
        long[] seconds = new long[total];
        for (int i = 0; i < total; i++) {
            xs[i] = r.nextInt(8) == 0 ? Double.NaN : r.nextInt(6) == 0 ? 2.5 : 1e3 + r.nextGaussian() * 10;
            seconds[i] = (i == 0 ? 0 : seconds[i - 1]) + r.nextInt(3);
        }
        for (boolean overTime : new boolean[] {false, true}) {
            for (RollingOp op : RollingOp.values()) {
                Schema s = overTime ? timed : schema;
                DataFrame first = DataFrame.create(s, allocator);
                Rolling rolling = overTime ? first.rolling(Duration.ofSeconds(30)) : first.rolling(50);
                DataFrame rolled = apply(rolling.withState(), op);
                List<Double> went = new ArrayList<>();
                Stream<?> sink = rolled.stream().sink(f -> {
                    for (double d : f.doubles("x")) {
                        went.add(d);
                    }
                });
                int cut = 8 * 37;
                RollingState saved = null;
                for (int i = 0; i < total; i += 37) {
                    if (i == cut) {
                        saved = RollingNode.of(rolled).snapshot();
                        went.clear();
                    }
                    try (Frame f = slice(s, seconds, xs, i, Math.min(total, i + 37))) {
                        first.emit(f);
                    }
                }
                if (!overTime) {
                    assertEquals(50, saved.rows(), op + ": a window of 50 rows keeps 50");
                } else {
                    assertTrue(saved.rows() < cut, op + ": a time window keeps the rows in reach, " + saved.rows());
                }
                DataFrame second = DataFrame.create(s, allocator);
                Rolling resumed = (overTime ? second.rolling(Duration.ofSeconds(30)) : second.rolling(50)).start(saved);
                List<Double> again = new ArrayList<>();
                Stream<?> sink2 = apply(resumed, op).stream().sink(f -> {
                    for (double d : f.doubles("x")) {
                        again.add(d);
                    }
                });
                saved.release();
                for (int i = cut; i < total; i += 37) {
                    try (Frame f = slice(s, seconds, xs, i, Math.min(total, i + 37))) {
                        second.emit(f);
                    }
                }
                assertEquals(went.size(), again.size());
                assertEquals(total - cut, again.size());
                for (int i = 0; i < went.size(); i++) {
                    double a = went.get(i);
                    double b = again.get(i);
                    boolean exact = op != RollingOp.SUM && op != RollingOp.MEAN && op != RollingOp.VAR
                            && op != RollingOp.STD;
                    assertTrue(Double.isNaN(a) ? Double.isNaN(b)
                                    : exact ? a == b : Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a)),
                            op + (overTime ? " 30s" : " 50 rows") + " row " + (cut + i) + ": " + b + " vs " + a);
                }
                RollingNode.of(rolled).destroy();
                sink.destroy();
                sink2.destroy();
            }
        }
    }

    /**
     * A saved state is put back into a node only before its first frame (a restart's), and the
     * restored node holds no element references for the restored rows.
     */
    @Test
    void restoreOnlyBeforeTheFirstFrameAndHoldsNoReferences() {
        DataFrame sdf = DataFrame.create(schema, allocator);
        DataFrame first = sdf.rolling(3).withState().sum();
        Stream<?> sink = first.stream().sink(f -> { });
        try (Frame f = slice(schema, null, new double[] {1, 2, 3, 4}, 0, 4)) {
            sdf.emit(f);
        }
        RollingState saved = RollingNode.of(first).snapshot();
        try {
            assertEquals(3, saved.rows(), "the last three rows are in reach");
            IllegalStateException late = assertThrows(IllegalStateException.class,
                    () -> RollingNode.of(first).restore(saved));
            assertTrue(late.getMessage().contains("before the first frame"), late.getMessage());
            DataFrame second = DataFrame.create(schema, allocator).rolling(3).withState().sum();
            RollingNode fresh = RollingNode.of(second);
            assertThrows(IllegalArgumentException.class, () -> fresh.restore(null));
            fresh.restore(saved);
            assertEquals(3, fresh.rows());
            assertEquals(List.of(), fresh.heldMetadata(), "restored rows hold no references");
            fresh.destroy();
        } finally {
            saved.release();
            sink.destroy();
            RollingNode.of(first).destroy();
        }
    }

    /** A node built without withState() keeps no frames, so it has no state to save; said clearly. */
    @Test
    void snapshotNeedsWithState() {
        DataFrame sdf = DataFrame.create(schema, allocator);
        DataFrame rolled = sdf.rolling(3).sum();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> RollingNode.of(rolled).snapshot());
        assertTrue(e.getMessage().contains("withState"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RollingNode.of(sdf));
        assertThrows(IllegalArgumentException.class, () -> sdf.rolling(3).start(null));
    }

    private Frame slice(Schema s, long[] seconds, double[] xs, int from, int to) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = from; i < to; i++) {
            rows.add(s == timed ? new Object[] {xs[i], Instant.ofEpochSecond(1_000_000 + seconds[i])}
                    : new Object[] {xs[i]});
        }
        return Frame.fromRows(s, rows, allocator);
    }

    /** Every statistic, windows of 1, 50 and 300 rows and min_periods 10, on 2,000 rows in batches of 0 to 90. */
    @Test
    void everyStatisticMatchesRecomputingEachWindow() {
        Random r = new Random(42);
        double[] xs = new double[2000];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = r.nextInt(10) == 0 ? Double.NaN : r.nextInt(5) == 0 ? 3.0 : r.nextGaussian() * 50;
        }
        for (int n : new int[] {1, 50, 300}) {
            for (Integer minp : new Integer[] {null, 10}) {
                if (minp != null && minp > n) {
                    continue;
                }
                for (RollingOp op : RollingOp.values()) {
                    List<Double> got = roll(xs, n, minp, op, 90);
                    int m = minp != null ? minp : op == RollingOp.COUNT ? 0 : n;
                    for (int i = 0; i < xs.length; i++) {
                        double want = expected(op, Arrays.copyOfRange(xs, Math.max(0, i - n + 1), i + 1), m);
                        double have = got.get(i);
                        assertTrue(Double.isNaN(want) ? Double.isNaN(have)
                                        : Math.abs(want - have) <= 1e-9 * Math.max(1, Math.abs(want)),
                                op + " n=" + n + " minp=" + minp + " row " + i + ": " + have + " vs " + want);
                    }
                }
            }
        }
    }

    /**
     * Prefix sums under adversarial data, against an exact recomputation of each window (BigDecimal
     * sums, two-pass variance): a large offset with small noise (1e6 + N(0, 1e-3): var needs its
     * shift), values that cancel (+-1e6 alternating plus noise, window sums near 0), and a level
     * that jumps by 1e8 midway. Windows of 7 and 300 rows over 3,000 rows in batches of 0 to 700,
     * so both re-bases (many dead rows) and growth (frames longer than the window) happen. Relative
     * 1e-9 (absolute below 1), as against pandas.
     */
    @Test
    void prefixSumsStayAccurateOnAdversarialData() {
        Random r = new Random(7);
        double[][] data = new double[3][3000];
        for (int i = 0; i < 3000; i++) {
            data[0][i] = 1e6 + r.nextGaussian() * 1e-3;
            data[1][i] = (i % 2 == 0 ? 1e6 : -1e6) + r.nextGaussian();
            data[2][i] = (i < 1500 ? 0 : 1e8) + r.nextGaussian();
        }
        for (double[] xs : data) {
            for (int n : new int[] {7, 300}) {
                for (RollingOp op : new RollingOp[] {RollingOp.SUM, RollingOp.MEAN, RollingOp.VAR, RollingOp.STD}) {
                    List<Double> got = roll(xs, n, null, op, 700);
                    for (int i = n - 1; i < xs.length; i++) {
                        double want = exact(op, Arrays.copyOfRange(xs, i - n + 1, i + 1));
                        double have = got.get(i);
                        assertTrue(Math.abs(want - have) <= 1e-9 * Math.max(1, Math.abs(want)),
                                op + " n=" + n + " row " + i + ": " + have + " vs exact " + want);
                    }
                }
            }
        }
    }

    /**
     * The split prefix sums' own edge cases against exact BigDecimal sums (relative 1e-9, absolute
     * below 1): magnitudes growing 1000-fold every 40 rows within one prefix run (each frame past
     * the chosen bound re-extracts without a re-base), a run of one repeated value longer than the
     * window (pandas' exact value, off the branch-free path), and NaN-free stretches in 512-row
     * blocks (the branch-free path) next to stretches with NaNs, in frames of 1 to 1,500 rows.
     */
    @Test
    void splitPrefixSumsFollowMagnitudeJumpsRunsAndMissingValues() {
        Random r = new Random(11);
        int total = 4000;
        double[] xs = new double[total];
        for (int i = 0; i < total; i++) {
            double scale = i < 800 ? Math.pow(1000, i / 40 % 6) : 1;
            xs[i] = i >= 1000 && i < 1400 ? 7.25
                    : i >= 3000 && r.nextInt(20) == 0 ? Double.NaN : scale * (r.nextDouble() - 0.3);
        }
        for (int n : new int[] {30, 600}) {
            for (RollingOp op : new RollingOp[] {RollingOp.SUM, RollingOp.MEAN, RollingOp.COUNT}) {
                List<Double> got = roll(xs, n, 1, op, 1500);
                for (int i = 0; i < total; i++) {
                    double[] window = Arrays.copyOfRange(xs, Math.max(0, i - n + 1), i + 1);
                    double[] seen = Arrays.stream(window).filter(d -> d == d).toArray();
                    double want = op == RollingOp.COUNT ? seen.length : seen.length == 0 ? Double.NaN
                            : exactSum(seen, op == RollingOp.MEAN);
                    double have = got.get(i);
                    assertTrue(Double.isNaN(want) ? Double.isNaN(have)
                                    : Math.abs(want - have) <= 1e-9 * Math.max(1, Math.abs(want)),
                            op + " n=" + n + " row " + i + ": " + have + " vs exact " + want);
                    if (i >= 1000 + n && i < 1400 && op == RollingOp.MEAN) {
                        assertEquals(7.25, have, "a window of one repeated value gives it exactly, row " + i);
                    }
                }
            }
        }
    }

    private static double exactSum(double[] window, boolean mean) {
        java.math.BigDecimal total = java.math.BigDecimal.ZERO;
        for (double d : window) {
            total = total.add(new java.math.BigDecimal(d));
        }
        return mean ? total.divide(java.math.BigDecimal.valueOf(window.length), java.math.MathContext.DECIMAL128)
                .doubleValue() : total.doubleValue();
    }

    private static double exact(RollingOp op, double[] window) {
        java.math.BigDecimal total = java.math.BigDecimal.ZERO;
        for (double d : window) {
            total = total.add(new java.math.BigDecimal(d));
        }
        java.math.BigDecimal mean = total.divide(java.math.BigDecimal.valueOf(window.length), java.math.MathContext.DECIMAL128);
        java.math.BigDecimal ss = java.math.BigDecimal.ZERO;
        for (double d : window) {
            java.math.BigDecimal dev = new java.math.BigDecimal(d).subtract(mean);
            ss = ss.add(dev.multiply(dev));
        }
        double var = ss.doubleValue() / (window.length - 1);
        switch (op) {
            case SUM: return total.doubleValue();
            case MEAN: return mean.doubleValue();
            case VAR: return var;
            default: return Math.sqrt(var);
        }
    }

    private Frame at(long[] seconds, double[] xs) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            rows.add(new Object[] {xs[i], Instant.ofEpochSecond(1_000_000 + seconds[i])});
        }
        return Frame.fromRows(timed, rows, allocator);
    }

    /** A row older than the latest index is refused (nothing changes) or dropped and counted, never rolled in. */
    @Test
    void outOfOrderRowsInATimeWindowAreRefusedOrDropped() {
        DataFrame sdf = DataFrame.create(timed, allocator);
        RollingNode strict = (RollingNode) sdf.rolling(Duration.ofSeconds(10)).sum().stream().upstream();
        RollingNode lenient = (RollingNode) sdf.rolling("10s").outOfOrder(OutOfOrder.DROP).sum().stream().upstream();
        List<double[]> strictOut = new ArrayList<>();
        List<double[]> lenientOut = new ArrayList<>();
        Stream<?> s1 = strict.sink(f -> strictOut.add(f.doubles("x")));
        Stream<?> s2 = lenient.sink(f -> lenientOut.add(f.doubles("x")));
        try (Frame f = at(new long[] {0, 5}, new double[] {1, 2})) {
            sdf.emit(f);
        }
        try (Frame late = at(new long[] {3, 8}, new double[] {100, 4})) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> strict.update(late, null, List.of()));
            assertTrue(e.getMessage().contains("row 0") && e.getMessage().contains("monotonic"), e.getMessage());
            lenient.update(late, null, List.of());
        }
        assertEquals(1, strictOut.size());
        assertEquals(2, strict.rows());
        assertEquals(1, lenient.droppedRows());
        assertTrue(Arrays.equals(new double[] {7}, lenientOut.get(1)), Arrays.toString(lenientOut.get(1)));
        s1.destroy();
        s2.destroy();
    }

    /** A window over time drops rows once they are the span or more before the current row. */
    @Test
    void timeWindowIsHalfOpen() {
        DataFrame sdf = DataFrame.create(timed, allocator);
        List<double[]> out = new ArrayList<>();
        Stream<?> sink = sdf.rolling("10s").count().stream().sink(f -> out.add(f.doubles("x")));
        try (Frame f = at(new long[] {0, 5, 10, 10, 21}, new double[] {1, 2, 3, 4, 5})) {
            sdf.emit(f);
        }
        // (t - 10s, t]: at t=10 the row at 0 has left (5 and 10 remain, then 5, 10, 10); at t=21 only itself
        assertTrue(Arrays.equals(new double[] {1, 2, 2, 3, 1}, out.get(0)), Arrays.toString(out.get(0)));
        sink.destroy();
    }

    @Test
    void badArgumentsAreNamed() {
        DataFrame sdf = DataFrame.create(schema, allocator);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> sdf.rolling(0)).getMessage().contains("window"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> sdf.rolling("2h")).getMessage()
                .contains("TIMESTAMP"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> sdf.rolling(3).minPeriods(4)).getMessage()
                .contains("min_periods"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> sdf.rolling(3).quantile(1.5)).getMessage()
                .contains("q"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> sdf.rolling(3).aggregate(java.util.Map.of("x", "mode"))).getMessage().contains("mode"));
    }
}
