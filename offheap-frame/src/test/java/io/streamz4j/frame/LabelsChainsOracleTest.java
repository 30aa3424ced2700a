package io.streamz4j.frame;

import io.streamz4j.Stream;
import io.streamz4j.frame.agg.StateAndResult;
import io.streamz4j.frame.expr.RangeIndex;
import io.streamz4j.frame.groupby.GroupAggregate;
import io.streamz4j.frame.groupby.GroupBy;
import io.streamz4j.frame.groupby.GroupResult;
import io.streamz4j.frame.groupby.GroupState;
import io.streamz4j.frame.groupby.Groupers;
import io.streamz4j.frame.groupby.WindowGroupBy;
import io.streamz4j.frame.window.EwmSpec;
import io.streamz4j.frame.window.ExponentialMovingWindow;

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
 * Differential test against streamz 0.6.4 + pandas 1.5.3 of what pandas' index labels and
 * updating results do: seeded random batches of pandas frames with their own RangeIndex (a string
 * key, a double column with some NaN, a long column; empty and one-row batches included) go
 * through the same pipelines on both sides, and every emitted element must agree, labels and
 * order included, values to 1e-9 relative (1e-9 absolute near zero, where summation orders
 * differ): filtered, tailed and windowed frames keep their labels; groupby by {@code index % 2};
 * {@code nlargest}/{@code tail} (and through a map, {@code nsmallest}/{@code head}) chained on
 * updating groupby, windowed groupby and value-count results, ties and all; a groupby's {@code start=} and
 * {@code with_state=True}. pandas' {@code ewm(...)} row by row has no streamz form, so its
 * expectation is pandas over the concatenated batches, cut back into the batches.
 *
 * <p>The oracle is the project's {@code tools/streamz-oracle}, found as the engine's
 * DifferentialOracleTest finds it; if it cannot import streamz the test is aborted with the
 * reason. The seed is {@code -Dstreamz.seed} (default {@value #DEFAULT_SEED}).
 */
class LabelsChainsOracleTest {
    static final long DEFAULT_SEED = 7_031_517L;
    private static final String RESULTS = "LABELS-ORACLE-RESULTS ";
    private static final String[] NAMES = {"Alice", "Bob", "Linda", "Tom", "Zed"};
    private static final Schema SCHEMA = Schema.builder().add("name", ColumnType.STRING).add("x", ColumnType.DOUBLE)
            .add("y", ColumnType.LONG).build();
    /** The rows a start= state is made from, on both sides. */
    private static final Object[][] SEED_ROWS = {{"Bob", 100.5, 1L}, {"Zed", -3.25, 2L}, {"Bob", 7.0, 3L},
            {"Ann", 1.0, 4L}};

    /** What a pipeline emits, and so how Python reads it. */
    private enum Kind {
        /** streamz frames, row by row with their labels. */
        FRAMES,
        /** streamz's updating grouped results (or with_state pairs). */
        GROUPS,
        /** pandas over the concatenated frames {@code full}, cut back into the batches. */
        PANDAS
    }

    /** One pipeline: its Python expression over {@code sdf} (a streamz object, or a Stream) or {@code full}, and its Java twin. */
    private record Case(String id, Kind kind, String python, Function<DataFrame, Stream<?>> java) {
    }

    private static Case frames(String id, String python, Function<DataFrame, Stream<?>> java) {
        return new Case(id, Kind.FRAMES, python, java);
    }

    private static Case groups(String id, String python, Function<DataFrame, Stream<?>> java) {
        return new Case(id, Kind.GROUPS, python, java);
    }

    private static Case pandas(String id, String python, Function<DataFrame, Stream<?>> java) {
        return new Case(id, Kind.PANDAS, python, java);
    }

    private static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(frames("where x > 0", "sdf[sdf.x > 0]", df -> df.where(df.col("x").gt(0.0)).stream()));
        c.add(frames("where where", "sdf[sdf.x > 0][sdf.y % 2 == 0]", df -> {
            DataFrame kept = df.where(df.col("x").gt(0.0));
            return kept.where(kept.col("y").mod(2L).eq(0L)).stream();
        }));
        c.add(frames("where y < 0 (mask)", "sdf[~(sdf.y >= 0)]", df -> df.where(df.col("y").ge(0L).not()).stream()));
        c.add(frames("tail(3)", "sdf.tail(3)", df -> df.tail(3).stream()));
        c.add(frames("tail(0)", "sdf.tail(0)", df -> df.tail(0).stream()));
        c.add(frames("where.tail(2)", "sdf[sdf.x > 0].tail(2)", df -> df.where(df.col("x").gt(0.0)).tail(2).stream()));
        c.add(frames("where.rolling(3).x.sum", "sdf[sdf.x > 0].rolling(3).x.sum()",
                df -> df.where(df.col("x").gt(0.0)).rolling(3).col("x").sum().stream()));
        c.add(frames("where[[x,y]].cumsum", "sdf[sdf.x > 0][['x','y']].cumsum()",
                df -> df.where(df.col("x").gt(0.0)).select(List.of("x", "y")).cumsum().stream()));
        c.add(frames("where.assign", "sdf[sdf.x > 0].assign(z=lambda d: d.x * 2)",
                df -> {
                    DataFrame kept = df.where(df.col("x").gt(0.0));
                    return kept.assign("z", kept.col("x").times(2L)).stream();
                }));
        for (int n : new int[] {1, 5, 12}) {
            c.add(frames("window(" + n + ").full", "sdf[['x','y']].window(" + n + ").full()",
                    df -> df.select(List.of("x", "y")).window(n).full().stream()));
        }
        c.add(frames("where.window(6).full", "sdf[sdf.x > 0][['x','y']].window(6).full()",
                df -> df.where(df.col("x").gt(0.0)).select(List.of("x", "y")).window(6).full().stream()));
        for (String op : new String[] {"sum", "mean", "count"}) {
            c.add(groups("groupby(index % 2).x." + op, "sdf.groupby(sdf.index % 2).x." + op + "()",
                    df -> agg(GroupBy.of(df, Groupers.index(df).mod(2L)).col("x"), op)));
        }
        for (String op : new String[] {"sum", "count"}) {
            c.add(groups("window(5).groupby(index % 2).x." + op, "sdf.window(5).groupby(sdf.index % 2).x." + op + "()",
                    df -> {
                        WindowGroupBy g = df.window(5).groupby(Groupers.index(df).mod(2L)).col("x");
                        return op.equals("sum") ? g.sum() : g.count();
                    }));
        }
        c.add(groups("where.groupby(index % 3).y.sum", "(lambda k: k.groupby(k.index % 3).y.sum())(sdf[sdf.x > 0])",
                df -> {
                    DataFrame kept = df.where(df.col("x").gt(0.0));
                    return GroupBy.of(kept, Groupers.index(kept).mod(3L)).col("y").sum();
                }));
        c.add(groups("groupby(name).x.sum.nlargest(3)", "sdf.groupby('name').x.sum().nlargest(3)",
                df -> df.groupby("name").col("x").sum().nlargest(3)));
        c.add(groups("groupby(name).x.count.nlargest(2)", "sdf.groupby('name').x.count().nlargest(2)",
                df -> df.groupby("name").col("x").count().nlargest(2)));
        c.add(groups("groupby(y % 3).x.sum.nlargest(5)", "sdf.groupby(sdf.y % 3).x.sum().nlargest(5)",
                df -> df.groupby(df.col("y").mod(3L)).col("x").sum().nlargest(5)));
        c.add(groups("groupby(name).x.mean.tail(2)", "sdf.groupby('name').x.mean().tail(2)",
                df -> df.groupby("name").col("x").mean().tail(2)));
        c.add(groups("groupby(name).size.nlargest(2)", "sdf.groupby('name').size().nlargest(2)",
                df -> df.groupby("name").size().nlargest(2)));
        c.add(groups("groupby(name)[[x,y]].sum.nlargest(2, y)", "sdf.groupby('name')[['x', 'y']].sum().nlargest(2, 'y')",
                df -> df.groupby("name").select(List.of("x", "y")).sum().nlargest(2, "y")));
        c.add(groups("groupby(name)[[x,y]].sum.tail(3)", "sdf.groupby('name')[['x', 'y']].sum().tail(3)",
                df -> df.groupby("name").select(List.of("x", "y")).sum().tail(3)));
        // streamz's first value_counts is pandas' own order (counts descending, ties as hashing left
        // them: pandas' union with the empty start keeps it); later ones are key-sorted, as Java's always are
        c.add(groups("name.value_counts.nlargest(2)",
                "sdf.name.value_counts().stream.map(lambda r: r.sort_index().nlargest(2))",
                df -> df.col("name").valueCounts().nlargest(2)));
        c.add(groups("groupby(name).x.sum.nsmallest(2)", "sdf.groupby('name').x.sum().stream.map(lambda r: r.nsmallest(2))",
                df -> df.groupby("name").col("x").sum().nsmallest(2)));
        c.add(groups("groupby(name).x.count.nsmallest(3).head(2)",
                "sdf.groupby('name').x.count().stream.map(lambda r: r.nsmallest(3).head(2))",
                df -> df.groupby("name").col("x").count().nsmallest(3).head(2)));
        c.add(groups("window(6).groupby(name).x.sum.nlargest(2)", "sdf.window(6).groupby('name').x.sum().nlargest(2)",
                df -> df.window(6).groupby("name").col("x").sum().nlargest(2)));
        c.add(groups("window(9).groupby(name).x.count.nlargest(3)", "sdf.window(9).groupby('name').x.count().nlargest(3)",
                df -> df.window(9).groupby("name").col("x").count().nlargest(3)));
        c.add(groups("window(8).groupby(y % 4).x.mean.tail(2)", "sdf.window(8).groupby(sdf.y % 4).x.mean().tail(2)",
                df -> df.window(8).groupby(df.col("y").mod(4L)).col("x").mean().tail(2)));
        c.add(groups("groupby(name).x.mean(with_state)", "sdf.groupby('name').x.mean(with_state=True)",
                df -> df.groupby("name").col("x").withState().mean().map(StateAndResult::result)));
        c.add(groups("groupby(name).x.sum(start)", "sdf.groupby('name').x.sum(start=seed.groupby('name').x.sum())",
                df -> df.groupby("name").col("x").start(seedState(df, "sum")).sum()));
        c.add(groups("groupby(name).x.mean(start)",
                "sdf.groupby('name').x.mean(start=(seed.groupby('name').x.sum(), seed.groupby('name').x.count()))",
                df -> df.groupby("name").col("x").start(seedState(df, "mean")).mean()));
        c.add(groups("groupby(name).x.count(start)", "sdf.groupby('name').x.count(start=seed.groupby('name').x.count())",
                df -> df.groupby("name").col("x").start(seedState(df, "count")).count()));
        String[][] ewms = {
            {"span=3", "mean"}, {"com=0.5", "mean"}, {"halflife=2.5", "mean"}, {"alpha=0.3", "mean"},
            {"span=4, adjust=False", "mean"}, {"com=1, ignore_na=True", "mean"},
            {"alpha=0.2, adjust=False, ignore_na=True", "mean"}, {"span=5, min_periods=4", "mean"},
            {"span=3", "var"}, {"halflife=3, adjust=False", "var"}, {"com=2, ignore_na=True, min_periods=3", "std"},
            {"alpha=0.4", "std(bias=True)"}, {"span=6, adjust=False", "var(bias=True)"}, {"alpha=1", "mean"}};
        for (String[] e : ewms) {
            String call = e[1].contains("(") ? e[1] : e[1] + "()";
            c.add(pandas("x.ewm(" + e[0] + ")." + call, "full.x.ewm(" + e[0] + ")." + call,
                    df -> ewmOp(df.col("x").ewm(spec(e[0])), e[1]).stream()));
        }
        c.add(pandas("[[x,y]].ewm(span=4).mean", "full[['x','y']].ewm(span=4).mean()",
                df -> df.ewm(EwmSpec.span(4)).mean().stream()));
        c.add(pandas("y.ewm(com=3, adjust=False).std", "full.y.ewm(com=3, adjust=False).std()",
                df -> df.col("y").ewm(EwmSpec.com(3).adjust(false)).std().stream()));
        return c;
    }

    private static Stream<?> agg(GroupBy g, String op) {
        switch (op) {
            case "sum": return g.sum();
            case "mean": return g.mean();
            default: return g.count();
        }
    }

    /** The state a groupby('name').x.{op} holds after {@link #SEED_ROWS}. */
    private static GroupState seedState(DataFrame like, String op) {
        DataFrame seed = DataFrame.create(SCHEMA, like.allocator());
        GroupBy g = seed.groupby("name").col("x");
        GroupAggregate node = op.equals("sum") ? g.sum() : op.equals("mean") ? g.mean() : g.count();
        List<Object[]> rows = new ArrayList<>(List.of(SEED_ROWS));
        try (Frame f = Frame.fromRows(SCHEMA, rows, like.allocator())) {
            seed.emit(f);
        }
        return node.state();
    }

    /** The Python keyword arguments as an EwmSpec. */
    private static EwmSpec spec(String kwargs) {
        EwmSpec spec = null;
        for (String kv : kwargs.split(",\\s*")) {
            String[] p = kv.split("=");
            switch (p[0]) {
                case "span": spec = EwmSpec.span(Double.parseDouble(p[1])); break;
                case "com": spec = EwmSpec.com(Double.parseDouble(p[1])); break;
                case "halflife": spec = EwmSpec.halflife(Double.parseDouble(p[1])); break;
                case "alpha": spec = EwmSpec.alpha(Double.parseDouble(p[1])); break;
                case "adjust": spec = spec.adjust(Boolean.parseBoolean(p[1].toLowerCase())); break;
                case "ignore_na": spec = spec.ignoreNa(Boolean.parseBoolean(p[1].toLowerCase())); break;
                default: spec = spec.minPeriods(Integer.parseInt(p[1]));
            }
        }
        return spec;
    }

    private static DataFrame ewmOp(io.streamz4j.frame.window.ExponentialMovingWindow w, String op) {
        switch (op) {
            case "mean": return w.mean();
            case "var": return w.var();
            case "std": return w.std();
            case "std(bias=True)": return w.std(true);
            default: return w.var(true);
        }
    }

    private static List<List<Object[]>> randomBatches(long seed) {
        Random r = new Random(seed);
        List<List<Object[]>> out = new ArrayList<>();
        for (int b = 0; b < 30; b++) {
            int n = b == 0 ? 5 + r.nextInt(6) : r.nextInt(6) == 0 ? 0 : r.nextInt(6) == 0 ? 1 : 1 + r.nextInt(12);
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                double x = b > 0 && r.nextInt(10) == 0 ? Double.NaN : Math.round(r.nextGaussian() * 100_000) / 1000.0;
                rows.add(new Object[] {NAMES[r.nextInt(NAMES.length)], x, (long) r.nextInt(41) - 20});
            }
            out.add(rows);
        }
        return out;
    }

    @Test
    @Timeout(value = 600, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void labelsChainsStateAndEwmAgreeWithStreamzAndPandas() throws Exception {
        long seed = PythonOracle.seed("LabelsChainsOracleTest", DEFAULT_SEED);
        List<List<Object[]>> batches = randomBatches(seed);
        List<Case> cases = cases();
        JsonNode python = askOracle(batches, cases);
        List<String> failures = new ArrayList<>();
        int compared = 0;
        for (Case c : cases) {
            JsonNode expected = python.get(c.id());
            if (expected.isTextual()) {
                failures.add(c.id() + ": streamz raised " + expected.asText());
                continue;
            }
            List<JsonNode> actual = runJava(batches, c);
            if (expected.size() != actual.size()) {
                failures.add(c.id() + ": streamz emitted " + expected.size() + ", Java " + actual.size());
                continue;
            }
            for (int i = 0; i < actual.size(); i++) {
                String why = compare(expected.get(i), actual.get(i), "");
                compared++;
                if (why != null) {
                    failures.add(c.id() + " emit " + i + ": " + why + "\n  streamz " + expected.get(i) + "\n  java    "
                            + actual.get(i));
                    break;
                }
            }
        }
        System.out.println("LabelsChainsOracleTest: " + cases.size() + " pipelines, " + compared
                + " emitted results compared, " + failures.size() + " failing");
        if (!failures.isEmpty()) {
            fail("seed " + seed + ": " + failures.size() + " pipelines disagree with streamz + pandas:\n"
                    + String.join("\n", failures.subList(0, Math.min(12, failures.size()))));
        }
        assertTrue(compared > 500, "compared " + compared + " results");
    }

    private List<JsonNode> runJava(List<List<Object[]>> batches, Case c) {
        List<JsonNode> out = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator()) {
            DataFrame sdf = DataFrame.create(SCHEMA, allocator);
            Stream<?> result = c.java().apply(sdf);
            Stream<?> sink = result.sink(x -> out.add(canonical(x)));
            for (List<Object[]> rows : batches) {
                try (Frame f = Frame.fromRows(SCHEMA, rows, allocator)) {
                    sdf.emit(f);
                }
            }
            sink.destroy();
            Stream<?> s = result;
            while (s != null && s != sdf.stream()) {
                Stream<?> up = s.upstream(); // asked first: destroy disconnects it
                s.destroy();
                s = up;
            }
        }
        return out;
    }

    /** A frame as {"index": labels, "cols": numeric columns}; a grouped result as {"keys": ..., "cols": ...}. */
    private static JsonNode canonical(Object x) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> cols = new LinkedHashMap<>();
        if (x instanceof Frame f) {
            List<Long> labels = new ArrayList<>();
            Column index = f.index();
            for (int r = 0; r < f.rows(); r++) {
                labels.add(index == null ? r : index.getLong(r));
            }
            m.put("index", labels);
            for (Field field : f.schema().columns()) {
                if (field.type().isNumeric()) {
                    cols.put(field.name(), boxed(f.doubles(field.name())));
                }
            }
        } else if (x instanceof GroupResult g) {
            List<String> keys = new ArrayList<>();
            for (Object k : g.keys()) {
                keys.add(String.valueOf(k));
            }
            m.put("keys", keys);
            for (String name : g.columnNames()) {
                List<Double> v = new ArrayList<>();
                for (Number n : g.values(name)) {
                    v.add(n.doubleValue());
                }
                cols.put(g.columnNames().size() == 1 ? "_" : name, v);
            }
        } else {
            throw new IllegalStateException("cannot compare " + x);
        }
        m.put("cols", cols);
        return PythonOracle.JSON.valueToTree(m);
    }

    private static List<Double> boxed(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(v);
        }
        return out;
    }

    private static String compare(JsonNode expected, JsonNode actual, String at) {
        if (expected.isObject()) {
            if (!actual.isObject() || expected.size() != actual.size()) {
                return at + ": fields " + fieldNames(expected) + " vs " + fieldNames(actual);
            }
            for (Iterator<String> it = expected.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!actual.has(name)) {
                    return at + "." + name + " missing in Java";
                }
                String why = compare(expected.get(name), actual.get(name), at + "." + name);
                if (why != null) {
                    return why;
                }
            }
            return null;
        }
        if (expected.isArray()) {
            if (!actual.isArray() || expected.size() != actual.size()) {
                return at + ": length " + expected.size() + " vs " + actual.size();
            }
            for (int i = 0; i < expected.size(); i++) {
                String why = compare(expected.get(i), actual.get(i), at + "[" + i + "]");
                if (why != null) {
                    return why;
                }
            }
            return null;
        }
        if (expected.isTextual()) {
            return expected.asText().equals(actual.asText()) ? null : at + ": " + expected + " vs " + actual;
        }
        double a = actual.isNumber() ? actual.asDouble() : Double.NaN;
        if (expected.isNull()) {
            return Double.isNaN(a) ? null : at + ": streamz NaN, Java " + a;
        }
        double e = expected.asDouble();
        if (Double.isNaN(a)) {
            return at + ": streamz " + e + ", Java NaN";
        }
        return Math.abs(a - e) <= 1e-9 * Math.max(Math.abs(a), Math.abs(e)) + 1e-9 ? null
                : at + ": streamz " + e + ", Java " + a;
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private JsonNode askOracle(List<List<Object[]>> batches, List<Case> cases) throws Exception {
        List<Map<String, Object>> data = new ArrayList<>();
        for (List<Object[]> rows : batches) {
            List<Object> names = new ArrayList<>();
            List<Object> xs = new ArrayList<>();
            List<Object> ys = new ArrayList<>();
            for (Object[] row : rows) {
                names.add(row[0]);
                xs.add(Double.isNaN((Double) row[1]) ? null : row[1]);
                ys.add(row[2]);
            }
            data.add(Map.of("name", names, "x", xs, "y", ys));
        }
        List<Map<String, Object>> seed = new ArrayList<>();
        for (Object[] row : SEED_ROWS) {
            seed.add(Map.of("name", row[0], "x", row[1], "y", row[2]));
        }
        Map<String, Object> py = new LinkedHashMap<>();
        for (Case c : cases) {
            py.put(c.id(), List.of(c.kind().name(), c.python()));
        }
        Map<String, Object> input = Map.of("data", data, "seed", seed, "cases", py);
        return PythonOracle.runCode(String.join("\n",
                "def frame(r):",
                "    if isinstance(r, pd.Series):",
                "        r = r.to_frame()",
                "    cols = {c: [num(v) for v in r[c]] for c in r.columns if r[c].dtype.kind in 'fiu'}",
                "    return {'index': [int(i) for i in r.index], 'cols': cols}",
                "def grouped(r):",
                "    if isinstance(r, tuple):",
                "        r = r[1]",
                "    keys = [str(k) for k in r.index]",
                "    if isinstance(r, pd.DataFrame):",
                "        return {'keys': keys, 'cols': {c: [num(v) for v in r[c]] for c in r.columns}}",
                "    return {'keys': keys, 'cols': {'_': [num(v) for v in r]}}",
                "frames = [pd.DataFrame({'name': pd.Series(b['name'], dtype=object),",
                "                        'x': np.array([np.nan if v is None else v for v in b['x']], dtype=float),",
                "                        'y': np.array(b['y'], dtype='int64')}) for b in spec['data']]",
                "seed = pd.DataFrame(spec['seed'])",
                "full = pd.concat(frames)",
                "sizes = [len(f) for f in frames]",
                "out = {}",
                "for cid, (kind, expr) in spec['cases'].items():",
                "    try:",
                "        if kind == 'PANDAS':",
                "            r = eval(expr)",
                "            if isinstance(r, pd.Series):",
                "                r = r.to_frame()",
                "            parts, at = [], 0",
                "            for n, f in zip(sizes, frames):",
                "                part = r.iloc[at:at + n]",
                "                part.index = f.index",
                "                parts.append(frame(part))",
                "                at += n",
                "            out[cid] = parts",
                "            continue",
                "        source = Stream()",
                "        sdf = DataFrame(source, example=frames[0].iloc[:0])",
                "        res = eval(expr)",
                "        L = (res.stream if hasattr(res, 'stream') else res).sink_to_list()",
                "        for f in frames:",
                "            source.emit(f)",
                "        out[cid] = [frame(r) if kind == 'FRAMES' else grouped(r) for r in L]",
                "    except Exception as e:",
                "        out[cid] = repr(e)",
                "print('" + RESULTS + "' + json.dumps(out))",
                ""), input, RESULTS, 500);
    }
}
