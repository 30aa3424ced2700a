package io.streamz4j.frame.window;

import io.streamz4j.Stream;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.DataFrame;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.FrameTestSupport;
import io.streamz4j.frame.PythonOracle;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.groupby.GroupBy;
import io.streamz4j.frame.groupby.GroupResult;
import io.streamz4j.frame.groupby.WindowGroupBy;
import io.streamz4j.frame.rolling.Rolling;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Differential test of windows and rolling aggregations against streamz 0.6.4 + pandas: seeded
 * random batches (a timestamp index with uneven gaps, a string key, a double column with some
 * NaN, a long column, a boolean column; some batches empty) go through the same pipelines on both sides, and every
 * emitted value must agree to 1e-9 relative (with a 1e-9 absolute floor for results near zero,
 * where the two sides' different but equally exact summation orders leave ~1e-13 noise). Also
 * runs the setup of test_dataframes.py::test_rolling_count_aggregations (hourly index, x = 0..48,
 * windows 2, 7, "3h", "200 minutes", batches of 2 and 5), whose expectation there is pandas'
 * rolling over the whole frame. The groupby cases cover every grouper streamz takes: a column, a
 * series computed from the same frames ({@code sdf.y % 3}) and a list of columns (MultiIndex keys,
 * compared as their parts joined by commas), plain and inside window(5) and window('5h').
 *
 * <p>The oracle is the project's {@code tools/streamz-oracle}, found as the engine's
 * DifferentialOracleTest finds it (walking up from the working directory, or
 * {@code -Dstreamz.oracle=PATH}); if it cannot import streamz the test is aborted with the reason.
 * The seed is {@code -Dstreamz.seed} (default {@value #DEFAULT_SEED}).
 */
class WindowRollingOracleTest {
    static final long DEFAULT_SEED = 20_261_121L;
    private static final String RESULTS = "STREAMZ-ORACLE-RESULTS ";
    private static final long HOUR = 3_600_000_000_000L;
    private static final String[] NAMES = {"Alice", "Bob", "Linda", "Tom"};

    private final Schema schema = Schema.builder().add("name", ColumnType.STRING).add("x", ColumnType.DOUBLE)
            .add("y", ColumnType.LONG).add("f", ColumnType.BOOLEAN).index("t", ColumnType.TIMESTAMP).build();

    /** One pipeline on both sides: its Python expression over {@code sdf} and its Java twin. */
    private record Case(String id, String python, Function<DataFrame, Stream<?>> java) {
    }

    private static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        String[] rollingOps = {"sum", "mean", "min", "max", "median", "std", "var", "count"};
        for (String w : new String[] {"1", "3", "7", "'3h'", "'200 minutes'"}) {
            for (String op : rollingOps) {
                for (String col : new String[] {"x", "y"}) {
                    c.add(new Case("rolling(" + w + ")." + col + "." + op, "sdf.rolling(" + w + ")." + col + "." + op + "()",
                            df -> rollingOp(rolling(df, w).col(col), op).stream()));
                }
            }
            c.add(new Case("rolling(" + w + ").x.quantile(0.3)", "sdf.rolling(" + w + ").x.quantile(0.3)",
                    df -> rolling(df, w).col("x").quantile(0.3).stream()));
            c.add(new Case("rolling(" + w + ")[[x,y]].mean", "sdf[['x','y']].rolling(" + w + ").mean()",
                    df -> rolling(df.select(List.of("x", "y")), w).mean().stream()));
            // pandas rolls a boolean column beside the numeric ones, as 0.0/1.0, in frame order, and
            // drops the string column, except that count counts it too
            for (String op : rollingOps) {
                c.add(new Case("rolling(" + w + ")." + op + " with f", "sdf.rolling(" + w + ")." + op + "()",
                        df -> rollingOp(rolling(df, w), op).stream()));
            }
            c.add(new Case("rolling(" + w + ").quantile(0.3) with f", "sdf.rolling(" + w + ").quantile(0.3)",
                    df -> rolling(df, w).quantile(0.3).stream()));
            c.add(new Case("rolling(" + w + ").f.sum", "sdf.rolling(" + w + ").f.sum()",
                    df -> rolling(df, w).col("f").sum().stream()));
        }
        for (String w : new String[] {"5", "'5h'"}) {
            // streamz 0.6.4's scalar Var divides 0 by 0 in Python on its empty example, so a
            // Series' window var/std always raises there: those are compared on a DataFrame
            for (String op : new String[] {"var", "std"}) {
                c.add(new Case("window(" + w + ")[[x,y]]." + op, "sdf[['x','y']].window(" + w + ")." + op + "()",
                        df -> windowOp(window(df.select(List.of("x", "y")), w), op)));
            }
            for (String op : new String[] {"sum", "mean", "count", "size"}) {
                String call = op.equals("size") ? op : op + "()";
                c.add(new Case("window(" + w + ").x." + op, "sdf.window(" + w + ").x." + call,
                        df -> windowOp(window(df, w).col("x"), op)));
                c.add(new Case("window(" + w + ").y." + op, "sdf.window(" + w + ").y." + call,
                        df -> windowOp(window(df, w).col("y"), op)));
            }
            for (String op : new String[] {"sum", "mean", "count", "var", "std"}) {
                c.add(new Case("window(" + w + ").groupby(name).x." + op,
                        "sdf[['name','x']].window(" + w + ").groupby('name').x." + op + "()",
                        df -> groupOp(window(df, w).groupby("name").col("x"), op)));
            }
            c.add(new Case("window(" + w + ").groupby(name).size", "sdf[['name','x']].window(" + w + ").groupby('name').size()",
                    df -> window(df, w).groupby("name").size()));
            for (String op : new String[] {"sum", "mean", "count", "var", "std"}) {
                c.add(new Case("window(" + w + ").groupby(y % 3).x." + op,
                        "sdf.window(" + w + ").groupby(sdf.y % 3).x." + op + "()",
                        df -> groupOp(window(df, w).groupby(df.col("y").mod(3)).col("x"), op)));
                c.add(new Case("window(" + w + ").groupby([name, y]).x." + op,
                        "sdf.window(" + w + ").groupby(['name', 'y']).x." + op + "()",
                        df -> groupOp(window(df, w).groupby(List.of("name", "y")).col("x"), op)));
            }
            c.add(new Case("window(" + w + ").groupby(y % 3).size", "sdf.window(" + w + ").groupby(sdf.y % 3).size()",
                    df -> window(df, w).groupby(df.col("y").mod(3)).size()));
            c.add(new Case("window(" + w + ").groupby([name, y]).size", "sdf.window(" + w + ").groupby(['name', 'y']).size()",
                    df -> window(df, w).groupby(List.of("name", "y")).size()));
        }
        // streamz's per-frame ewm weighs a boolean column as 0.0/1.0 too (one row of means a frame)
        c.add(new Case("[[y,f]].ewm(com=0.5).mean", "sdf[['y','f']].ewm(com=0.5).mean()",
                df -> df.select(List.of("y", "f")).ewm(0.5).mean().map(WindowRollingOracleTest::oneRow)));
        // pandas' row-by-row ewm has no streamz form: pandas over the rows so far, cut to the frame's rows
        c.add(new Case("[[x,y,f]].ewm(EwmSpec span=3).mean",
                "DataFrame(sdf.stream.accumulate(lambda acc, b: (pd.concat([acc, b]), pd.concat([acc, b])"
                        + "[['x','y','f']].ewm(span=3).mean().iloc[len(acc):]), start=frames[0].iloc[:0],"
                        + " returns_state=True), example=pd.DataFrame({'x': [], 'y': [], 'f': []}, dtype=float))",
                df -> df.ewm(EwmSpec.span(3)).mean().stream()));
        c.add(new Case("groupby(y % 3).x.sum", "sdf.groupby(sdf.y % 3).x.sum()",
                df -> GroupBy.of(df, df.col("y").mod(3)).col("x").sum()));
        // streamz takes a list of columns or one streaming series, not a list mixing both (pandas
        // gets the streaming series itself and raises): the mixed lists Java takes are in GroupersTest
        c.add(new Case("groupby([name, y]).size", "sdf.groupby(['name', 'y']).size()",
                df -> GroupBy.of(df, List.of("name", "y")).size()));
        c.add(new Case("groupby([name, y]).x.var", "sdf.groupby(['name', 'y']).x.var()",
                df -> GroupBy.of(df, List.of("name", "y")).col("x").var(1)));
        return c;
    }

    private static Rolling rolling(DataFrame df, String w) {
        return w.startsWith("'") ? df.rolling(w.substring(1, w.length() - 1)) : df.rolling(Long.parseLong(w));
    }

    private static Window window(DataFrame df, String w) {
        return w.startsWith("'") ? df.window(w.substring(1, w.length() - 1)) : df.window(Long.parseLong(w));
    }

    private static DataFrame rollingOp(Rolling r, String op) {
        switch (op) {
            case "sum": return r.sum();
            case "mean": return r.mean();
            case "min": return r.min();
            case "max": return r.max();
            case "median": return r.median();
            case "std": return r.std();
            case "var": return r.var();
            default: return r.count();
        }
    }

    /** streamz's ewm mean of a frame is a one-row DataFrame: each column's value as a one-element list. */
    private static Map<String, List<Number>> oneRow(Object means) {
        Map<String, List<Number>> out = new LinkedHashMap<>();
        ((Map<?, ?>) means).forEach((k, v) -> out.put((String) k, List.of((Number) v)));
        return out;
    }

    private static Stream<?> windowOp(Window w, String op) {
        switch (op) {
            case "sum": return w.sum();
            case "mean": return w.mean();
            case "count": return w.count();
            case "var": return w.var(1);
            case "std": return w.std(1);
            default: return w.size();
        }
    }

    private static Stream<?> groupOp(WindowGroupBy g, String op) {
        switch (op) {
            case "sum": return g.sum();
            case "mean": return g.mean();
            case "count": return g.count();
            case "var": return g.var(1);
            default: return g.std(1);
        }
    }

    /** A batch as columns: times (ns), names, xs, ys. */
    private record Batch(long[] t, String[] name, double[] x, long[] y) {
    }

    private static List<Batch> randomBatches(long seed) {
        Random r = new Random(seed);
        List<Batch> out = new ArrayList<>();
        long t = 946_684_800_000_000_000L; // 2000-01-01
        for (int b = 0; b < 40; b++) {
            int n = b == 0 ? 6 + r.nextInt(6) : r.nextInt(5) == 0 ? 0 : 1 + r.nextInt(12);
            Batch batch = new Batch(new long[n], new String[n], new double[n], new long[n]);
            for (int i = 0; i < n; i++) {
                t += r.nextInt(4) == 0 ? 0 : (1 + r.nextInt(90)) * 60_000_000_000L;
                batch.t[i] = t;
                batch.name[i] = NAMES[r.nextInt(NAMES.length)];
                batch.x[i] = b > 0 && r.nextInt(12) == 0 ? Double.NaN : r.nextGaussian() * 100 + 20;
                batch.y[i] = r.nextInt(2001) - 1000;
            }
            out.add(batch);
        }
        return out;
    }

    /** test_rolling_count_aggregations' data: hourly from 2000-01-01 to 2000-01-03, x = 0..48, in batches of m. */
    private static List<Batch> hourly(int m) {
        List<Batch> out = new ArrayList<>();
        long t0 = 946_684_800_000_000_000L;
        for (int i = 0; i < 49; i += m) {
            int n = Math.min(m, 49 - i);
            Batch b = new Batch(new long[n], new String[n], new double[n], new long[n]);
            for (int k = 0; k < n; k++) {
                b.t[k] = t0 + (i + k) * HOUR;
                b.name[k] = NAMES[(i + k) % 4];
                b.x[k] = i + k;
                b.y[k] = i + k;
            }
            out.add(b);
        }
        return out;
    }

    @Test
    @Timeout(value = 900, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void windowsAndRollingAgreeWithStreamzAndPandas() throws Exception {
        long seed = PythonOracle.seed("WindowRollingOracleTest", DEFAULT_SEED);
        Map<String, List<Batch>> datasets = new LinkedHashMap<>();
        datasets.put("random", randomBatches(seed));
        datasets.put("hourly-m2", hourly(2));
        datasets.put("hourly-m5", hourly(5));
        List<Case> cases = cases();

        JsonNode python = askOracle(datasets, cases);

        List<String> failures = new ArrayList<>();
        int compared = 0;
        for (Map.Entry<String, List<Batch>> d : datasets.entrySet()) {
            for (Case c : cases) {
                JsonNode expected = python.get(d.getKey()).get(c.id());
                List<Object> actual = runJava(d.getValue(), c);
                if (expected.isTextual()) {
                    failures.add(d.getKey() + " " + c.id() + ": streamz raised " + expected.asText());
                    continue;
                }
                if (expected.size() != actual.size()) {
                    failures.add(d.getKey() + " " + c.id() + ": streamz emitted " + expected.size() + ", Java "
                            + actual.size());
                    continue;
                }
                for (int i = 0; i < actual.size(); i++) {
                    String why = compare(expected.get(i), actual.get(i));
                    compared++;
                    if (why != null) {
                        failures.add(d.getKey() + " " + c.id() + " emit " + i + ": " + why + "\n  streamz " + expected.get(i)
                                + "\n  java    " + actual.get(i));
                        break;
                    }
                }
            }
        }
        System.out.println("WindowRollingOracleTest: " + cases.size() + " pipelines x " + datasets.size()
                + " datasets, " + compared + " emitted results compared, " + failures.size() + " failing");
        if (!failures.isEmpty()) {
            fail("seed " + seed + ": " + failures.size() + " pipelines disagree with streamz + pandas:\n"
                    + String.join("\n", failures.subList(0, Math.min(12, failures.size()))));
        }
        assertTrue(compared > 1000, "compared " + compared + " results");
    }

    private List<Object> runJava(List<Batch> batches, Case c) {
        List<Object> out = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator()) {
            DataFrame sdf = DataFrame.create(schema, allocator);
            Stream<?> result = c.java().apply(sdf);
            Stream<?> sink = result.sink(x -> out.add(x instanceof Frame f ? FrameTestSupport.columns(f) : x));
            for (Batch b : batches) {
                List<Object[]> rows = new ArrayList<>();
                for (int i = 0; i < b.t.length; i++) {
                    rows.add(new Object[] {b.name[i], b.x[i], b.y[i], flag(b.y[i]), b.t[i]});
                }
                try (Frame f = Frame.fromRows(schema, rows, allocator)) {
                    sdf.emit(f);
                }
            }
            sink.destroy();
            FrameTestSupport.destroyChain(result, sdf.stream());
        }
        return out;
    }

    /** The boolean column f: y % 3 != 0, so that windows hold mixes of true and false. */
    private static boolean flag(long y) {
        return y % 3 != 0;
    }

    private static String compare(JsonNode expected, Object actual) {
        if (actual instanceof Map<?, ?> m && expected.isObject()) {
            if (expected.size() != m.size()) {
                return "different keys";
            }
            // a frame's columns (list values) come in pandas' order; grouped results' keys need not
            if (m.values().stream().allMatch(v -> v instanceof List<?>)
                    && !List.copyOf(m.keySet()).equals(names(expected.fieldNames()))) {
                return "columns " + m.keySet() + " in another order";
            }
            for (Map.Entry<?, ?> e : m.entrySet()) {
                // a tuple key (several group keys) is its parts joined by commas on both sides
                String key = e.getKey() instanceof List<?> tuple
                        ? String.join(",", tuple.stream().map(String::valueOf).toList()) : String.valueOf(e.getKey());
                JsonNode want = expected.get(key);
                if (want == null) {
                    return "key " + e.getKey() + " only in Java";
                }
                String why = compare(want, e.getValue());
                if (why != null) {
                    return e.getKey() + ": " + why;
                }
            }
            return null;
        }
        if (actual instanceof GroupResult g) {
            Map<Object, Number> m = g.columnNames().size() == 1 ? g.asMap() : Map.of();
            return compare(expected, m);
        }
        if (actual instanceof List<?> list && expected.isArray()) {
            if (list.size() != expected.size()) {
                return "length " + list.size() + " vs " + expected.size();
            }
            for (int i = 0; i < list.size(); i++) {
                String why = compare(expected.get(i), list.get(i));
                if (why != null) {
                    return "[" + i + "] " + why;
                }
            }
            return null;
        }
        if (actual instanceof Number n) {
            double a = n.doubleValue();
            // A statistic of no values is a division by zero on both sides: pandas' sums of a group
            // whose rows all left the window keep rounding residue or not, so streamz shows NaN or
            // +-Infinity by chance; NaN and an infinity count as the same "no value".
            if (expected.isNull() || expected.isTextual() && expected.asText().endsWith("Infinity")) {
                return Double.isNaN(a) || Double.isInfinite(a) ? null : "streamz " + expected + ", Java " + a;
            }
            if (!expected.isNumber()) {
                return "streamz " + expected + " is not a number";
            }
            double e = expected.asDouble();
            if (Double.isNaN(a) || Double.isInfinite(a) || Double.isInfinite(e)) {
                return a == e || (Double.isNaN(a) || Double.isInfinite(a)) && Double.isInfinite(e) ? null
                        : "Java " + a + ", streamz " + e;
            }
            return Math.abs(a - e) <= 1e-9 * Math.max(Math.abs(a), Math.abs(e)) + 1e-9 ? null
                    : "differs by " + Math.abs(a - e);
        }
        return "cannot compare " + actual + " with " + expected;
    }

    private static List<String> names(Iterator<String> names) {
        List<String> out = new ArrayList<>();
        names.forEachRemaining(out::add);
        return out;
    }

    private JsonNode askOracle(Map<String, List<Batch>> datasets, List<Case> cases) throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        for (Map.Entry<String, List<Batch>> d : datasets.entrySet()) {
            List<Map<String, Object>> batches = new ArrayList<>();
            for (Batch b : d.getValue()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("t", b.t);
                m.put("name", b.name);
                List<Object> xs = new ArrayList<>();
                for (double x : b.x) {
                    xs.add(Double.isNaN(x) ? null : x);
                }
                m.put("x", xs);
                m.put("y", b.y);
                List<Boolean> fs = new ArrayList<>();
                for (long y : b.y) {
                    fs.add(flag(y));
                }
                m.put("f", fs);
                batches.add(m);
            }
            data.put(d.getKey(), batches);
        }
        Map<String, String> py = new LinkedHashMap<>();
        for (Case c : cases) {
            py.put(c.id(), c.python());
        }
        Map<String, Object> input = Map.of("data", data, "cases", py);
        return PythonOracle.runCode(String.join("\n",
                "def conv(r):",
                "    if isinstance(r, pd.DataFrame):",
                "        return {c: [num(v) for v in r[c]] for c in r.columns}",
                "    if isinstance(r, pd.Series):",
                "        if isinstance(r.index, pd.DatetimeIndex):",
                "            return {r.name: [num(v) for v in r]}",
                "        return {(','.join(map(str, k)) if isinstance(k, tuple) else str(k)): num(v) for k, v in r.items()}",
                "    return num(r)",
                "out = {}",
                "for dname, batches in spec['data'].items():",
                "    frames = [pd.DataFrame({'name': list(b['name']),",
                "                            'x': np.array([np.nan if v is None else v for v in b['x']], dtype=float),",
                "                            'y': np.array(b['y'], dtype='int64'),",
                "                            'f': np.array(b['f'], dtype=bool)},",
                "                           index=pd.DatetimeIndex(pd.to_datetime(b['t'], unit='ns'), name='t'))",
                "              for b in batches]",
                "    res = {}",
                "    for cid, expr in spec['cases'].items():",
                "        try:",
                "            source = Stream()",
                "            sdf = DataFrame(source, example=frames[0].iloc[:0])",
                "            L = eval(expr).stream.sink_to_list()",
                "            for f in frames:",
                "                source.emit(f)",
                "            res[cid] = [conv(r) for r in L]",
                "        except Exception as e:",
                "            res[cid] = repr(e)",
                "    out[dname] = res",
                "print('" + RESULTS + "' + json.dumps(out))",
                ""), input, RESULTS, 800);
    }
}
