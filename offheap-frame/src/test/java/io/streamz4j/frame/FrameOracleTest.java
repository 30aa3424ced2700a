package io.streamz4j.frame;

import io.streamz4j.Stream;
import io.streamz4j.frame.groupby.GroupBy;
import io.streamz4j.frame.groupby.GroupResult;
import io.streamz4j.frame.groupby.WindowGroupBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Differential test against streamz 0.6.4 + pandas: the same seeded random batches (a string key
 * column, an int64 column, a bool column, a float64 column; batch sizes 0, 1, 2 and larger, empty and one-row
 * batches included) go through streamz's streaming DataFrame in one Python process
 * (the project's {@code tools/streamz-oracle} running {@code frame_oracle.py}) and through
 * {@link DataFrame}; every running result emitted after every batch must agree to 1e-9 relative
 * (NaN with NaN). Where streamz 0.6.4 has no full-history operation (var, std, min, max of a
 * DataFrame or Series, groupby min/max) the Python side computes pandas over all rows so far.
 * Booleans reduce as pandas reduces them (0 and 1, so min and max compare as 0 and 1), and the
 * columns of DataFrame and groupby results are compared in order ({@code *.columns}).
 *
 * <p>The oracle is found as in the engine's DifferentialOracleTest (walking up from the working
 * directory, or {@code -Dstreamz.oracle=PATH}); if it is missing or cannot import streamz and
 * pandas the test is aborted with the reason. Seed: {@code -Dstreamz.seed=N}.
 */
class FrameOracleTest {
    private static final long DEFAULT_SEED = 5_2024L;
    private static final String RESULTS = "FRAME-ORACLE-RESULTS ";
    private static final double RELATIVE = 1e-9;
    private static final int[] SIZES = {0, 1, 2, 7, 50, 333};
    private static final String[] NAMES = {"alice", "bob", "carol", "dan", "eve"};

    private final Schema schema = Schema.builder().add("name", ColumnType.STRING).add("i", ColumnType.LONG)
            .add("f", ColumnType.BOOLEAN).add("x", ColumnType.DOUBLE).build();

    @Test
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void randomBatchesAgreeWithStreamzAndPandas() throws Exception {
        long seed = Long.getLong("streamz.seed", DEFAULT_SEED);
        Random random = new Random(seed);
        List<List<List<Object[]>>> runs = new ArrayList<>();
        for (int r = 0; r < 4; r++) {
            List<List<Object[]>> batches = new ArrayList<>();
            int count = 3 + random.nextInt(8);
            for (int b = 0; b < count; b++) {
                batches.add(batch(random, SIZES[random.nextInt(SIZES.length)]));
            }
            runs.add(batches);
        }
        runs.get(0).add(0, batch(random, 0)); // an empty first batch, and a lone row
        runs.get(1).add(0, batch(random, 1));

        JsonNode python = runOracle(runs);
        int compared = 0;
        for (int r = 0; r < runs.size(); r++) {
            Map<String, List<Object>> java = runJava(runs.get(r));
            JsonNode py = python.get(r);
            assertEquals(sorted(py.fieldNames()), new ArrayList<>(new TreeMap<>(java).keySet()),
                    "operations compared (seed " + seed + ")");
            for (Map.Entry<String, List<Object>> e : java.entrySet()) {
                Object expected = canonical(py.get(e.getKey()));
                String where = "seed " + seed + ", run " + r + ", " + e.getKey();
                assertClose(expected, e.getValue(), where);
                compared += e.getValue().size();
            }
        }
        System.out.println("FrameOracleTest: seed " + seed + ", " + runs.size() + " runs, " + compared
                + " emitted results agree with streamz + pandas");
    }

    private List<Object[]> batch(Random random, int rows) {
        List<Object[]> out = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            double x = Math.round((random.nextDouble() - 0.4) * 2_000_000) / 1000.0;
            // a third of the rows true, so runs of all-true and all-false rows occur in small batches
            out.add(new Object[] {NAMES[random.nextInt(NAMES.length)], (long) random.nextInt(2001) - 1000,
                random.nextInt(3) == 0, x});
        }
        return out;
    }

    private Map<String, List<Object>> runJava(List<List<Object[]>> batches) {
        try (BufferAllocator allocator = new RootAllocator()) {
            Map<String, List<Object>> out = new LinkedHashMap<>();
            DataFrame sdf = DataFrame.create(schema, allocator);
            DataFrame nums = sdf.select(List.of("i", "x"));
            collect(out, "df.sum", nums.sum());
            collect(out, "df.mean", nums.mean());
            collect(out, "df.count", nums.count());
            collect(out, "df.var", nums.var(1));
            collect(out, "df.std", nums.std(1));
            collect(out, "df.min", nums.min());
            collect(out, "df.max", nums.max());
            collect(out, "df.size", nums.size());
            collect(out, "all.size", sdf.size());
            DataFrame mixed = sdf.select(List.of("i", "f", "x"));
            collect(out, "m.sum", mixed.sum());
            collect(out, "m.mean", mixed.mean());
            collect(out, "m.count", mixed.count());
            collect(out, "m.var", mixed.var(1));
            collect(out, "m.std", mixed.std(1));
            collect(out, "m.min", mixed.min());
            collect(out, "m.max", mixed.max());
            collect(out, "m.size", mixed.size());
            collect(out, "m.sum.columns", mixed.sum().map(m -> new ArrayList<>(m.keySet())));
            collect(out, "m.min.columns", mixed.min().map(m -> new ArrayList<>(m.keySet())));
            collect(out, "all.sum.columns", sdf.sum().map(m -> new ArrayList<>(m.keySet())));
            // window nodes hold their frames until destroyed: all are destroyed before the allocator closes
            List<Stream<?>> windows = new ArrayList<>();
            collect(out, "w.m.sum", held(windows, mixed.window(60).sum()));
            collect(out, "w.m.mean", held(windows, mixed.window(60).mean()));
            collect(out, "w.m.count", held(windows, mixed.window(60).count()));
            collect(out, "w.m.var", held(windows, mixed.window(60).var(1)));
            collect(out, "w.f.sum", held(windows, sdf.window(60).col("f").sum()));
            collect(out, "w.f.mean", held(windows, sdf.window(60).col("f").mean()));
            collect(out, "w.f.count", held(windows, sdf.window(60).col("f").count()));
            collect(out, "w.m.std", held(windows, mixed.window(60).std(1)));
            collect(out, "w.m.mean.columns", held(windows, mixed.window(60).mean())
                    .map(m -> new ArrayList<>(((Map<?, ?>) m).keySet())));
            Series flag = sdf.col("f");
            collect(out, "f.sum", flag.sum());
            collect(out, "f.mean", flag.mean());
            collect(out, "f.count", flag.count());
            collect(out, "f.min", flag.min());
            collect(out, "f.max", flag.max());
            for (String col : List.of("x", "i")) {
                Series s = sdf.col(col);
                collect(out, col + ".sum", s.sum());
                collect(out, col + ".mean", s.mean());
                collect(out, col + ".count", s.count());
                collect(out, col + ".min", s.min());
                collect(out, col + ".max", s.max());
            }
            collect(out, "x.size", sdf.col("x").size());
            collect(out, "x.var", sdf.col("x").var(1));
            collect(out, "x.std", sdf.col("x").std(1));
            collect(out, "df.cumsum", nums.cumsum().stream().map(FrameOracleTest::columns));
            collect(out, "df.cumprod", nums.cumprod().stream().map(FrameOracleTest::columns));
            collect(out, "df.cummin", nums.cummin().stream().map(FrameOracleTest::columns));
            collect(out, "df.cummax", nums.cummax().stream().map(FrameOracleTest::columns));
            collect(out, "m.cumsum", mixed.cumsum().stream().map(FrameOracleTest::columns));
            collect(out, "m.cumprod", mixed.cumprod().stream().map(FrameOracleTest::columns));
            collect(out, "m.cummin", mixed.cummin().stream().map(FrameOracleTest::columns));
            collect(out, "m.cummax", mixed.cummax().stream().map(FrameOracleTest::columns));
            collect(out, "name.value_counts", sdf.col("name").valueCounts().map(g -> Map.of("count", keyed(g.asMap()))));
            collect(out, "where.x.sum", sdf.where(sdf.col("x").gt(0.0)).col("x").sum());
            collect(out, "where.i.sum", sdf.where(sdf.col("i").gt(100L)).col("i").sum());
            // a filtered selection (a comparison, reduced fused with the filter) whose first reduced
            // column is boolean, and masked selections (by a boolean column and its negation)
            DataFrame fix = sdf.select(List.of("f", "i", "x"));
            DataFrame positive = fix.where(fix.col("x").gt(0.0));
            collect(out, "where.fix.sum", positive.sum());
            collect(out, "where.fix.mean", positive.mean());
            collect(out, "where.fix.count", positive.count());
            collect(out, "where.f.sum", sdf.where(sdf.col("x").gt(0.0)).col("f").sum());
            collect(out, "where.f.m.sum", mixed.where(mixed.col("f")).sum());
            collect(out, "where.nf.m.mean", mixed.where(mixed.col("f").not()).mean());
            GroupBy g = sdf.groupby("name");
            collect(out, "g.sum", g.sum().map(FrameOracleTest::grouped));
            collect(out, "g.mean", g.mean().map(FrameOracleTest::grouped));
            collect(out, "g.count", g.count().map(FrameOracleTest::grouped));
            collect(out, "g.size", g.size().map(FrameOracleTest::grouped));
            collect(out, "g.var", g.var(1).map(FrameOracleTest::grouped));
            collect(out, "gn.var", g.select(List.of("i", "x")).var(1).map(FrameOracleTest::grouped));
            collect(out, "gn.std", g.select(List.of("i", "x")).std(1).map(FrameOracleTest::grouped));
            collect(out, "g.std", g.std(1).map(FrameOracleTest::grouped));
            collect(out, "g.min", g.min().map(FrameOracleTest::grouped));
            collect(out, "g.max", g.max().map(FrameOracleTest::grouped));
            collect(out, "gx.sum", g.col("x").sum().map(FrameOracleTest::grouped));
            collect(out, "g.sum.columns", g.sum().map(r -> new ArrayList<>(r.columnNames())));
            collect(out, "gf.sum", g.col("f").sum().map(FrameOracleTest::grouped));
            collect(out, "gf.mean", g.col("f").mean().map(FrameOracleTest::grouped));
            collect(out, "gf.count", g.col("f").count().map(FrameOracleTest::grouped));
            collect(out, "gf.var", g.col("f").var(1).map(FrameOracleTest::grouped));
            WindowGroupBy wg = sdf.window(60).groupby("name");
            collect(out, "wg.sum", held(windows, wg.sum()).map(r -> grouped((GroupResult) r)));
            collect(out, "wg.mean", held(windows, wg.mean()).map(r -> grouped((GroupResult) r)));
            collect(out, "wg.count", held(windows, wg.count()).map(r -> grouped((GroupResult) r)));
            collect(out, "wgf.sum", held(windows, wg.col("f").sum()).map(r -> grouped((GroupResult) r)));
            collect(out, "wgf.mean", held(windows, wg.col("f").mean()).map(r -> grouped((GroupResult) r)));
            collect(out, "wgf.count", held(windows, wg.col("f").count()).map(r -> grouped((GroupResult) r)));
            for (List<Object[]> rows : batches) {
                try (Frame f = Frame.fromRows(schema, rows, allocator)) {
                    sdf.emit(f);
                }
            }
            windows.forEach(Stream::destroy);
            return out;
        }
    }

    private static <S extends Stream<?>> S held(List<Stream<?>> windows, S window) {
        windows.add(window);
        return window;
    }

    @SuppressWarnings("unchecked")
    private static void collect(Map<String, List<Object>> out, String key, Stream<?> stream) {
        out.put(key, (List<Object>) (List<?>) ((Stream<Object>) stream).map(FrameOracleTest::canonicalJava).sinkToList());
    }

    /** A frame's columns as name to values, read while the frame is lent. */
    private static Map<String, Object> columns(Frame f) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int c = 0; c < f.width(); c++) {
            List<Object> values = new ArrayList<>();
            for (int r = 0; r < f.rows(); r++) {
                values.add(f.column(c).getDouble(r));
            }
            out.put(f.column(c).name(), values);
        }
        return out;
    }

    private static Map<String, Object> grouped(GroupResult g) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String col : g.columnNames()) {
            Map<String, Object> byKey = new TreeMap<>();
            for (Object k : g.keys()) {
                byKey.put(String.valueOf(k), g.get(col, k));
            }
            out.put(col, byKey);
        }
        return out;
    }

    private static Map<String, Object> keyed(Map<Object, Number> m) {
        Map<String, Object> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /** Numbers as doubles (NaN as null, as the Python side writes it), maps sorted by key. */
    private static Object canonicalJava(Object o) {
        if (o instanceof Number n) {
            double d = n.doubleValue();
            return Double.isNaN(d) ? null : d;
        }
        if (o instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), canonicalJava(v)));
            return out;
        }
        if (o instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(v -> out.add(canonicalJava(v)));
            return out;
        }
        return o;
    }

    private static Object canonical(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isArray()) {
            List<Object> out = new ArrayList<>();
            n.forEach(v -> out.add(canonical(v)));
            return out;
        }
        if (n.isObject()) {
            Map<String, Object> out = new TreeMap<>();
            n.fields().forEachRemaining(e -> out.put(e.getKey(), canonical(e.getValue())));
            return out;
        }
        return n.asText();
    }

    private static void assertClose(Object expected, Object actual, String where) {
        if (expected instanceof Double e && actual instanceof Double a) {
            boolean same = e.equals(a) || Math.abs(e - a) <= RELATIVE * Math.max(Math.abs(e), Math.abs(a));
            if (!same) {
                fail(where + ": streamz + pandas " + e + ", streamz4j " + a);
            }
            return;
        }
        if (expected instanceof List<?> e && actual instanceof List<?> a && e.size() == a.size()) {
            for (int i = 0; i < e.size(); i++) {
                assertClose(e.get(i), a.get(i), where + "[" + i + "]");
            }
            return;
        }
        if (expected instanceof Map<?, ?> e && actual instanceof Map<?, ?> a && e.keySet().equals(a.keySet())) {
            for (Object k : e.keySet()) {
                assertClose(e.get(k), a.get(k), where + "." + k);
            }
            return;
        }
        if (expected instanceof String && expected.equals(actual) || expected == null && actual == null) {
            return;
        }
        fail(where + ": streamz + pandas " + expected + ", streamz4j " + actual);
    }

    private static List<String> sorted(Iterator<String> names) {
        List<String> out = new ArrayList<>();
        names.forEachRemaining(out::add);
        out.sort(null);
        return out;
    }

    private JsonNode runOracle(List<List<List<Object[]>>> runs) throws IOException, InterruptedException {
        List<Object> data = new ArrayList<>();
        for (List<List<Object[]>> run : runs) {
            List<Object> batches = new ArrayList<>();
            for (List<Object[]> rows : run) {
                Map<String, List<Object>> cols = new LinkedHashMap<>();
                for (int c = 0; c < schema.size(); c++) {
                    List<Object> values = new ArrayList<>();
                    for (Object[] row : rows) {
                        values.add(row[c]);
                    }
                    cols.put(schema.field(c).name(), values);
                }
                batches.add(cols);
            }
            data.add(batches);
        }
        return PythonOracle.run("frame_oracle.py", data, RESULTS);
    }
}
