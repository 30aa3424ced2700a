package io.streamz4j.frame;

import io.streamz4j.Stream;
import io.streamz4j.frame.groupby.GroupResult;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A filter of comparisons with numbers ({@code df[df.x > 0]}, and ANDs of them) is kept as a
 * predicate, and reductions evaluate it fused with their own pass, with no mask built. Each case
 * here runs every reduction (sum, mean, count, size, min, max, var, std, and a DataFrame's sum and
 * mean) of every column (DOUBLE with NaN, signed zeros and infinities, LONG, INT) behind every
 * operator (> >= < <= == !=) and scalar (inside the values, one of them exactly, 0, NaN,
 * +infinity), alone and ANDed, and checks the result against the same statistic of the selected
 * rows computed in plain Java and against the mask path (the same predicate made opaque with a
 * double {@code ~}, so the mask is evaluated and read) over batches where some, none and all rows
 * are kept, an empty batch and a batch not a multiple of eight rows. Every test closes its
 * allocator, which fails on a leak. Mirrors test_dataframes.py::test_filter and
 * test_reductions over a filtered frame.
 */
class FusedFilterTest {
    private final BufferAllocator allocator = new RootAllocator();
    private final Schema schema = Schema.builder().add("name", ColumnType.STRING).add("x", ColumnType.DOUBLE)
            .add("i", ColumnType.LONG).add("k", ColumnType.INT).build();
    private static final String[] NUMERIC = {"x", "i", "k"};
    private static final String[] STATISTICS = {"sum", "mean", "count", "size", "min", "max", "var", "std"};

    @AfterEach
    void closeAllocator() {
        allocator.close();
    }

    /** Rows with NaN, -0.0, 0.0, 5 exactly and infinities among the x values. */
    private static List<Object[]> rows(long seed, int n) {
        Random r = new Random(seed);
        double[] special = {Double.NaN, -0.0, 0.0, 5.0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        List<Object[]> out = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            double x = r.nextInt(8) == 0 ? special[r.nextInt(special.length)] : Math.round(r.nextDouble() * 400 - 200) / 4.0;
            out.add(new Object[] {"n" + r.nextInt(4), x, (long) r.nextInt(21) - 10, r.nextInt(21) - 10});
        }
        return out;
    }

    private static List<List<Object[]>> batches() {
        return List.of(rows(1, 1000), rows(2, 0), rows(3, 13), rows(4, 77), rows(5, 1));
    }

    /** One comparison: the column, the operator, the scalar. */
    private record Comparison(String column, String op, Object scalar) {
        Series on(DataFrame df) {
            Series c = df.col(column);
            switch (op) {
                case ">": return c.gt(scalar);
                case ">=": return c.ge(scalar);
                case "<": return c.lt(scalar);
                case "<=": return c.le(scalar);
                case "==": return c.eq(scalar);
                default: return c.ne(scalar);
            }
        }

        boolean test(Object[] row) {
            double v = ((Number) row[position(column)]).doubleValue();
            double s = ((Number) scalar).doubleValue();
            switch (op) {
                case ">": return v > s;
                case ">=": return v >= s;
                case "<": return v < s;
                case "<=": return v <= s;
                case "==": return v == s;
                default: return v != s;
            }
        }
    }

    private static int position(String column) {
        return List.of("name", "x", "i", "k").indexOf(column);
    }

    private static List<Comparison> comparisons() {
        List<Comparison> out = new ArrayList<>();
        Object[] scalars = {5.0, 0.0, 3L, Double.NaN, Double.POSITIVE_INFINITY, -2.5};
        for (String column : NUMERIC) {
            for (String op : List.of(">", ">=", "<", "<=", "==", "!=")) {
                for (Object s : scalars) {
                    out.add(new Comparison(column, op, s));
                }
            }
        }
        return out;
    }

    /** The pipelines' last results by key; each selection seen also proves which path it took (unless null). */
    private Map<String, Object> run(Function<DataFrame, DataFrame> filter, Boolean expectFused) {
        DataFrame df = DataFrame.create(schema, allocator);
        DataFrame filtered = filter.apply(df);
        Map<String, Object> last = new LinkedHashMap<>();
        List<Boolean> fused = new ArrayList<>();
        filtered.stream().sink(f -> fused.add(f.selectionFilter() != null));
        for (String c : NUMERIC) {
            Series s = filtered.col(c);
            for (String stat : STATISTICS) {
                statistic(s, stat).sink(v -> last.put(c + "." + stat, v));
            }
        }
        filtered.sum().sink(v -> last.put("df.sum", v));
        filtered.mean().sink(v -> last.put("df.mean", v));
        for (List<Object[]> b : batches()) {
            try (Frame f = Frame.fromRows(schema, b, allocator)) {
                df.emit(f);
            }
        }
        assertTrue(expectFused == null || fused.stream().allMatch(expectFused::equals), "fused path taken: " + expectFused);
        return last;
    }

    private static Stream<?> statistic(Series s, String stat) {
        switch (stat) {
            case "sum": return s.sum();
            case "mean": return s.mean();
            case "count": return s.count();
            case "size": return s.size();
            case "min": return s.min();
            case "max": return s.max();
            case "var": return s.var(1);
            default: return s.std(1);
        }
    }

    /** The statistics of the kept rows in plain Java (NaN skipped, as pandas does). */
    private static Map<String, Double> plain(Predicate<Object[]> keep) {
        Map<String, Double> out = new LinkedHashMap<>();
        List<Object[]> kept = new ArrayList<>();
        batches().forEach(b -> b.stream().filter(keep).forEach(kept::add));
        for (String c : NUMERIC) {
            List<Double> values = new ArrayList<>();
            for (Object[] row : kept) {
                double v = ((Number) row[position(c)]).doubleValue();
                if (v == v) {
                    values.add(v);
                }
            }
            double sum = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double v : values) {
                sum += v;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            double mean = sum / values.size();
            double squares = 0;
            for (double v : values) {
                squares += (v - mean) * (v - mean);
            }
            out.put(c + ".sum", sum);
            out.put(c + ".count", (double) values.size());
            out.put(c + ".size", (double) kept.size());
            out.put(c + ".min", min);
            out.put(c + ".max", max);
            out.put(c + ".mean", mean);
            out.put(c + ".var", squares / (values.size() - 1));
            // streamz's Series mean divides by one more after leading batches with nothing counted
            long firstValues = batches().get(0).stream().filter(keep)
                    .filter(row -> !Double.isNaN(((Number) row[position(c)]).doubleValue())).count();
            out.put(c + ".meanDefined", firstValues > 0 ? 1.0 : 0.0);
        }
        return out;
    }

    private static void assertClose(double want, Object got, String what) {
        double g = ((Number) got).doubleValue();
        if (Double.isNaN(want) || Double.isInfinite(want)) {
            assertEquals(want, g, what);
        } else {
            assertEquals(want, g, 1e-9 * Math.max(1, Math.abs(want)), what);
        }
    }

    /** Fused against plain Java (where the plain statistic is well defined) and against the mask path (all of it). */
    private void check(Function<DataFrame, Series> predicate, Predicate<Object[]> keep, String what) {
        Map<String, Object> fused = run(df -> df.where(predicate.apply(df)), true);
        Map<String, Object> masked = run(df -> df.where(predicate.apply(df).not().not()), false);
        Map<String, Double> want = plain(keep);
        for (String c : NUMERIC) {
            double count = want.get(c + ".count");
            assertClose(want.get(c + ".sum"), fused.get(c + ".sum"), what + ": " + c + ".sum");
            assertEquals((long) count, ((Number) fused.get(c + ".count")).longValue(), what + ": " + c + ".count");
            assertEquals(want.get(c + ".size").longValue(), ((Number) fused.get(c + ".size")).longValue(),
                    what + ": " + c + ".size");
            if (count > 0) {
                // 0.0 and -0.0 are the same extreme (which one pandas prints depends on the order)
                assertEquals(want.get(c + ".min"), ((Number) fused.get(c + ".min")).doubleValue(), 0.0, what + ": " + c + ".min");
                assertEquals(want.get(c + ".max"), ((Number) fused.get(c + ".max")).doubleValue(), 0.0, what + ": " + c + ".max");
            }
            if (want.get(c + ".meanDefined") > 0) {
                assertClose(want.get(c + ".mean"), fused.get(c + ".mean"), what + ": " + c + ".mean");
            }
            boolean finite = Double.isFinite(want.get(c + ".sum"));
            if (count > 1 && finite) {
                assertClose(want.get(c + ".var"), fused.get(c + ".var"), what + ": " + c + ".var");
                assertClose(Math.sqrt(want.get(c + ".var")), fused.get(c + ".std"), what + ": " + c + ".std");
            }
            if (c.equals("x")) {
                continue;
            }
            // integral sums are exact
            assertEquals(want.get(c + ".sum").longValue(), ((Number) fused.get(c + ".sum")).longValue(), what + ": " + c);
        }
        assertEquals(masked.keySet(), fused.keySet(), what);
        for (Map.Entry<String, Object> e : masked.entrySet()) {
            sameResult(e.getValue(), fused.get(e.getKey()), what + ": " + e.getKey() + " against the mask path");
        }
    }

    private static void sameResult(Object masked, Object fused, String what) {
        if (masked instanceof Map<?, ?> m) {
            Map<?, ?> f = (Map<?, ?>) fused;
            assertEquals(m.keySet(), f.keySet(), what);
            m.forEach((k, v) -> sameResult(v, f.get(k), what + "[" + k + "]"));
            return;
        }
        assertEquals(masked.getClass(), fused.getClass(), what);
        assertClose(((Number) masked).doubleValue(), fused, what);
    }

    @Test
    void everyOperatorAndScalarOnEveryColumnMatchesPlainJavaAndTheMaskPath() {
        for (Comparison c : comparisons()) {
            check(c::on, c::test, c.column + " " + c.op + " " + c.scalar);
        }
    }

    @Test
    void andedComparisonsMatchPlainJavaAndTheMaskPath() {
        List<Comparison> all = comparisons();
        Random r = new Random(7);
        for (int n = 0; n < 40; n++) {
            Comparison a = all.get(r.nextInt(all.size()));
            Comparison b = all.get(r.nextInt(all.size()));
            Comparison c = all.get(r.nextInt(all.size()));
            check(df -> a.on(df).and(b.on(df)).and(c.on(df)), row -> a.test(row) && b.test(row) && c.test(row),
                    a + " & " + b + " & " + c);
        }
    }

    @Test
    void everyRowKeptAndNoRowKeptReduceAsPlainJava() {
        check(df -> df.col("i").ge(-10L), row -> true, "all rows kept");
        check(df -> df.col("k").gt(100), row -> false, "no row kept");
        check(df -> df.col("x").ne(Double.NaN), row -> true, "!= NaN keeps every row, NaN too");
    }

    /** Chained filters of comparisons combine into one filter over the original frame; mixed with a mask they still agree. */
    @Test
    void chainedFiltersMatchPlainJava() {
        Comparison a = new Comparison("x", ">", -50.0);
        Comparison b = new Comparison("i", "<=", 4L);
        Predicate<Object[]> both = row -> a.test(row) && b.test(row);
        BiFunction<DataFrame, Boolean, DataFrame> twice = (df, opaqueSecond) -> {
            DataFrame once = df.where(a.on(df));
            Series second = b.on(once);
            return once.where(opaqueSecond ? second.not().not() : second);
        };
        Map<String, Object> fused = run(df -> twice.apply(df, false), true);
        // a mask keeping every row of a batch hands on the frame itself, which the next filter then fuses
        Map<String, Object> mixed = run(df -> twice.apply(df, true), null);
        Map<String, Object> maskFirst = run(df -> {
            DataFrame once = df.where(a.on(df).not().not());
            return once.where(b.on(once));
        }, null);
        Map<String, Double> want = plain(both);
        for (Map<String, Object> got : List.of(fused, mixed, maskFirst)) {
            for (String c : NUMERIC) {
                assertClose(want.get(c + ".sum"), got.get(c + ".sum"), c + ".sum");
                assertEquals(want.get(c + ".size").longValue(), ((Number) got.get(c + ".size")).longValue(), c + ".size");
                assertEquals(want.get(c + ".min"), ((Number) got.get(c + ".min")).doubleValue(), 0.0, c + ".min");
            }
        }
    }

    /** What needs the rows themselves (a gathered column, groupby) builds the mask from the filter, once. */
    @Test
    void rowsAndGroupsOfAFilteredSelectionAreTheKeptRows() {
        Comparison a = new Comparison("x", ">", 0.0);
        DataFrame df = DataFrame.create(schema, allocator);
        DataFrame filtered = df.where(a.on(df));
        List<Map<String, Object>> records = new ArrayList<>();
        filtered.stream().sink(f -> {
            assertNotNull(f.selectionFilter());
            records.addAll(f.toRecords());
        });
        List<Object> groups = new ArrayList<>();
        filtered.groupby("name").col("x").count().sink(g -> groups.add(g));
        List<Object[]> kept = new ArrayList<>();
        for (List<Object[]> b : batches()) {
            b.stream().filter(a::test).forEach(kept::add);
            try (Frame f = Frame.fromRows(schema, b, allocator)) {
                df.emit(f);
            }
        }
        assertEquals(kept.size(), records.size());
        Map<String, Long> counts = new java.util.TreeMap<>();
        for (int r = 0; r < kept.size(); r++) {
            Object[] row = kept.get(r);
            assertEquals(row[1], records.get(r).get("x"));
            assertEquals(row[2], records.get(r).get("i"));
            assertEquals(row[3], records.get(r).get("k"));
            counts.merge((String) row[0], 1L, Long::sum);
        }
        io.streamz4j.frame.groupby.GroupResult last = (io.streamz4j.frame.groupby.GroupResult) groups.get(groups.size() - 1);
        assertEquals(new ArrayList<>(counts.keySet()), last.keys());
        counts.forEach((k, n) -> assertEquals(n, last.get("x", k).longValue(), "group " + k));
    }

    @Test
    void aPredicateThatIsNotAComparisonWithANumberIsEvaluatedAsAMask() {
        DataFrame df = DataFrame.create(schema, allocator);
        List<Boolean> filters = new ArrayList<>();
        df.where(df.col("name").eq("n1")).stream().sink(f -> filters.add(f.selectionFilter() != null));
        df.where(df.col("x").gt(df.col("i"))).stream().sink(f -> filters.add(f.selectionFilter() != null));
        df.where(df.col("x").gt(0.0).or(df.col("i").gt(0L))).stream().sink(f -> filters.add(f.selectionFilter() != null));
        try (Frame f = Frame.fromRows(schema, rows(9, 100), allocator)) {
            df.emit(f);
        }
        assertEquals(List.of(false, false, false), filters);
    }
}
