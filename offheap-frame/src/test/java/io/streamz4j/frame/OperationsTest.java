package io.streamz4j.frame;

import io.streamz4j.Stream;
import io.streamz4j.frame.groupby.GroupBy;
import io.streamz4j.frame.groupby.GroupResult;
import io.streamz4j.frame.node.FrameRefs;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DataFrame and Series operations one by one, most as ports of
 * streamz/dataframe/tests/test_dataframes.py cases (named in each javadoc); expected values are
 * computed from the input rows in the test (pandas' definitions), not copied from a run. Every test
 * closes its allocator, which fails on any leaked buffer.
 */
class OperationsTest {
    private final BufferAllocator allocator = new RootAllocator();
    private final Schema xy = Schema.builder().add("x", ColumnType.LONG).add("y", ColumnType.LONG).build();

    @AfterEach
    void closeAllocator() {
        allocator.close();
    }

    private Frame frame(Schema schema, Object[]... rows) {
        return Frame.fromRows(schema, List.of(rows), allocator);
    }

    /** pd.DataFrame({'x': [1, 2, 3], 'y': [4, 5, 6]}). */
    private Frame df123() {
        return frame(xy, new Object[] {1L, 4L}, new Object[] {2L, 5L}, new Object[] {3L, 6L});
    }

    /** The frames a DataFrame emits, as records read while each frame is lent. */
    private static List<List<Map<String, Object>>> records(DataFrame df) {
        return df.stream().map(Frame::toRecords).sinkToList();
    }

    private static Map<String, Object> row(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private void emitTwice(DataFrame sdf) {
        try (Frame df = df123()) {
            sdf.emit(df);
            sdf.emit(df);
        }
    }

    /** Mirrors test_dataframes.py::test_unary_operators with {@code x.astype(float)}. */
    @Test
    void test_unary_operators_astype() {
        DataFrame sdf = DataFrame.create(xy, allocator);
        DataFrame floats = sdf.astype(ColumnType.DOUBLE);
        List<List<Map<String, Object>>> out = records(floats);
        emitTwice(sdf);
        assertEquals(ColumnType.DOUBLE, floats.schema().field("x").type());
        assertEquals(List.of(row("x", 1.0, "y", 4.0), row("x", 2.0, "y", 5.0), row("x", 3.0, "y", 6.0)), out.get(0));
        assertEquals(2, out.size());
    }

    /** df.round(1): half to even, as numpy's round; integral columns kept. */
    @Test
    void roundRoundsDoublesHalfToEven() {
        Schema s = Schema.builder().add("x", ColumnType.DOUBLE).add("n", ColumnType.LONG).build();
        DataFrame sdf = DataFrame.create(s, allocator);
        List<List<Map<String, Object>>> out = records(sdf.round(1));
        try (Frame f = frame(s, new Object[] {1.25, 7L}, new Object[] {2.75, 8L}, new Object[] {-0.04, 9L})) {
            sdf.emit(f);
        }
        assertEquals(List.of(row("x", 1.2, "n", 7L), row("x", 2.8, "n", 8L), row("x", -0.0, "n", 9L)), out.get(0));
    }

    /** Mirrors test_dataframes.py::test_set_index (drop=True), and reset_index of test_unary_operators. */
    @Test
    void test_set_index_and_reset_index() {
        DataFrame sdf = DataFrame.create(xy, allocator);
        DataFrame indexed = sdf.setIndex("x");
        List<List<Map<String, Object>>> byX = records(indexed);
        List<List<Map<String, Object>>> back = records(indexed.resetIndex());
        List<List<Map<String, Object>>> ranged = records(sdf.resetIndex());
        emitTwice(sdf);
        assertEquals(List.of("y"), indexed.columns());
        assertEquals("x", indexed.schema().index().name());
        assertEquals(List.of(row("x", 1L, "y", 4L), row("x", 2L, "y", 5L), row("x", 3L, "y", 6L)), byX.get(1));
        assertEquals(List.of(row("x", 1L, "y", 4L), row("x", 2L, "y", 5L), row("x", 3L, "y", 6L)), back.get(1));
        assertEquals(List.of(row("index", 0L, "x", 1L, "y", 4L), row("index", 1L, "x", 2L, "y", 5L),
                row("index", 2L, "x", 3L, "y", 6L)), ranged.get(0));
    }

    /** Mirrors test_dataframes.py::test_tail; the rows keep their labels (row numbers 1 and 2), as in pandas. */
    @Test
    void test_tail() {
        DataFrame sdf = DataFrame.create(xy, allocator);
        List<List<Map<String, Object>>> out = records(sdf.tail(2));
        List<List<Map<String, Object>>> more = records(sdf.tail(10));
        emitTwice(sdf);
        List<Map<String, Object>> last2 = List.of(row("index", 1L, "x", 2L, "y", 5L), row("index", 2L, "x", 3L, "y", 6L));
        assertEquals(List.of(last2, last2), out);
        assertEquals(3, more.get(0).size());
        assertThrows(IllegalArgumentException.class, () -> sdf.tail(-1));
    }

    /** Mirrors test_dataframes.py::test_setitem and test_setitem_overwrites (assign). */
    @Test
    void test_setitem() {
        DataFrame sdf = DataFrame.create(xy, allocator);
        DataFrame withZ = sdf.assign("z", sdf.col("x").times(2L));
        DataFrame over = sdf.assign("x", sdf.col("x").times(2L));
        List<Map<String, Number>> means = withZ.mean().sinkToList();
        List<List<Map<String, Object>>> overwritten = records(over);
        emitTwice(sdf);
        assertEquals(List.of("x", "y", "z"), withZ.columns());
        assertEquals(Map.of("x", 2.0, "y", 5.0, "z", 4.0), means.get(1));
        assertEquals(List.of(row("x", 2L, "y", 4L), row("x", 4L, "y", 5L), row("x", 6L, "y", 6L)), overwritten.get(0));
    }

    /** Mirrors test_dataframes.py::test_dataframe_simple with {@code df.query('x > 1 and x < 4')}; labels kept. */
    @Test
    void test_dataframe_simple_query() {
        Schema s = Schema.builder().add("x", ColumnType.LONG).build();
        DataFrame sdf = DataFrame.create(s, allocator);
        List<List<Map<String, Object>>> out = records(sdf.query(d -> d.col("x").gt(1L).and(d.col("x").lt(4L))));
        try (Frame f = frame(s, new Object[] {1L}, new Object[] {2L}, new Object[] {3L}, new Object[] {4L})) {
            sdf.emit(f);
        }
        assertEquals(List.of(row("index", 1L, "x", 2L), row("index", 2L, "x", 3L)), out.get(0));
    }

    /** Mirrors test_dataframes.py::test_unary_operators with {@code operator.not_}/invert on a mask. */
    @Test
    void test_unary_operators_not() {
        DataFrame sdf = DataFrame.create(xy, allocator);
        List<Number> out = sdf.where(sdf.col("x").gt(1L).not()).col("y").sum().sinkToList();
        emitTwice(sdf);
        assertEquals(List.of(4L, 8L), out);
    }

    /** Mirrors test_dataframes.py::test_binary_stream_operators and test_pair_arithmetic (series with series). */
    @Test
    void test_pair_arithmetic() {
        DataFrame sdf = DataFrame.create(xy, allocator);
        List<List<Map<String, Object>>> out = records(sdf.col("x").plus(sdf.col("y")).times(2L).toFrame());
        List<List<Map<String, Object>>> cmp = records(sdf.col("y").minus(sdf.col("x")).div(sdf.col("x")).toFrame());
        List<List<Map<String, Object>>> lt = records(sdf.col("x").lt(sdf.col("y").minus(4L)).toFrame());
        emitTwice(sdf);
        List<Object> sums = new ArrayList<>();
        out.get(0).forEach(r -> sums.addAll(r.values()));
        assertEquals(List.of(10L, 14L, 18L), sums);
        List<Object> ratios = new ArrayList<>();
        cmp.get(0).forEach(r -> ratios.addAll(r.values()));
        assertEquals(List.of(3.0, 1.5, 1.0), ratios);
        List<Object> flags = new ArrayList<>();
        lt.get(1).forEach(r -> flags.addAll(r.values()));
        assertEquals(List.of(false, false, false), flags);
    }

    /** var, std, min, max of a DataFrame and a Series over all rows so far (pandas' definitions, ddof 1). */
    @Test
    void varStdMinMaxAreOverAllRowsSoFar() {
        DataFrame sdf = DataFrame.create(xy, allocator);
        List<Map<String, Number>> var = sdf.var(1).sinkToList();
        List<Number> std = sdf.col("y").std(1).sinkToList();
        List<Number> var0 = sdf.col("x").var(0).sinkToList();
        List<Map<String, Number>> min = sdf.min().sinkToList();
        List<Number> max = sdf.col("y").max().sinkToList();
        emitTwice(sdf);
        double[] xs = {1, 2, 3, 1, 2, 3};
        assertEquals(variance(xs, 1), var.get(1).get("x").doubleValue(), 1e-12);
        assertEquals(Math.sqrt(variance(new double[] {4, 5, 6}, 1)), std.get(0).doubleValue(), 1e-12);
        assertEquals(variance(xs, 0), var0.get(1).doubleValue(), 1e-12);
        assertEquals(Map.of("x", 1L, "y", 4L), min.get(1));
        assertEquals(List.of(6L, 6L), max);
    }

    private static double variance(double[] v, int ddof) {
        double mean = 0;
        for (double d : v) {
            mean += d / v.length;
        }
        double ss = 0;
        for (double d : v) {
            ss += (d - mean) * (d - mean);
        }
        return ss / (v.length - ddof);
    }

    /** Mirrors test_dataframes.py::test_groupby_aggregate with size, var, std, min, max. */
    @Test
    void test_groupby_aggregate_size_var_std_min_max() {
        Schema s = Schema.builder().add("k", ColumnType.STRING).add("v", ColumnType.DOUBLE).build();
        DataFrame sdf = DataFrame.create(s, allocator);
        GroupBy g = sdf.groupby("k");
        List<GroupResult> size = g.size().sinkToList();
        List<GroupResult> var = g.var(1).sinkToList();
        List<GroupResult> std = g.std(1).sinkToList();
        List<GroupResult> min = g.min().sinkToList();
        List<GroupResult> max = g.max().sinkToList();
        try (Frame a = frame(s, new Object[] {"a", 1.0}, new Object[] {"b", 10.0}, new Object[] {"a", 4.0});
             Frame b = frame(s, new Object[] {"a", -2.0})) {
            sdf.emit(a);
            sdf.emit(b);
        }
        assertEquals(List.of("a", "b"), size.get(1).keys());
        assertEquals(Map.of("a", 3L, "b", 1L), size.get(1).asMap());
        assertEquals(variance(new double[] {1, 4, -2}, 1), var.get(1).get("v", "a").doubleValue(), 1e-12);
        assertTrue(Double.isNaN(var.get(1).get("v", "b").doubleValue()), "one value has no sample variance");
        assertEquals(Math.sqrt(variance(new double[] {1, 4}, 1)), std.get(0).get("v", "a").doubleValue(), 1e-12);
        assertEquals(-2.0, min.get(1).get("v", "a").doubleValue());
        assertEquals(1.0, min.get(0).get("v", "a").doubleValue());
        assertEquals(10.0, max.get(1).get("v", "b").doubleValue());
    }

    /** Mirrors test_dataframes.py::test_groupby_aggregate with grouper 'x' (an integer column) and a boolean key. */
    @Test
    void groupbyOnNonStringKeys() {
        DataFrame sdf = DataFrame.create(xy, allocator);
        List<GroupResult> byX = sdf.groupby("x").col("y").sum().sinkToList();
        DataFrame flagged = sdf.assign("big", sdf.col("y").gt(4L));
        List<GroupResult> byFlag = flagged.groupby("big").col("x").count().sinkToList();
        emitTwice(sdf);
        assertEquals(List.of(1L, 2L, 3L), byX.get(1).keys());
        assertEquals(8.0, byX.get(1).get("y", 1L).doubleValue());
        assertEquals(12.0, byX.get(1).get("y", 3L).doubleValue());
        assertEquals(2L, byFlag.get(1).get("x", false).longValue());
        assertEquals(4L, byFlag.get(1).get("x", true).longValue());
    }

    /** Mirrors test_dataframes.py::test_value_counts. */
    @Test
    void test_value_counts() {
        Schema s = Schema.builder().add("s", ColumnType.STRING).build();
        DataFrame sdf = DataFrame.create(s, allocator);
        List<GroupResult> out = sdf.col("s").valueCounts().sinkToList();
        try (Frame f = frame(s, new Object[] {"a"}, new Object[] {"b"}, new Object[] {"a"})) {
            sdf.emit(f);
            sdf.emit(f);
        }
        assertEquals(Map.of("a", 4L, "b", 2L), out.get(1).asMap());
    }

    /** map_partitions: a function of whole frames, its result checked against the declared schema. */
    @Test
    void mapPartitionsAppliesTheFunctionToEveryFrame() {
        DataFrame sdf = DataFrame.create(xy, allocator);
        Schema onlyY = Schema.builder().add("y", ColumnType.LONG).build();
        DataFrame ys = sdf.mapPartitions(f -> f.select(List.of("y")), onlyY);
        List<Number> sums = ys.col("y").sum().sinkToList();
        emitTwice(sdf);
        assertEquals(List.of(15L, 30L), sums);
        DataFrame wrong = sdf.mapPartitions(f -> f.select(List.of("x")), onlyY);
        wrong.col("y").sum().sinkToList();
        Frame df = df123();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sdf.emit(df));
        assertTrue(e.getMessage().contains("map_partitions") && e.getMessage().contains("'y'"), e.getMessage());
        df.release();
        // The engine keeps an element whose downstream threw retained (its checkpoint rule, see
        // FrameRefs), so the DataFrame's ref on the frame is still held: drop it here so that the
        // allocator's close checks that nothing else leaked (the function's result was released).
        assertEquals(1, df.refCount());
        df.release();
    }

    /** accumulate_partitions(func, start): the state after every frame (mirrors streamz's Frame.accumulate_partitions). */
    @Test
    void accumulatePartitionsFoldsEveryFrame() {
        DataFrame sdf = DataFrame.create(xy, allocator);
        Stream<Long> rows = sdf.accumulatePartitions((Long acc, Frame f) -> acc + f.rows(), 10L);
        List<Long> out = rows.sinkToList();
        emitTwice(sdf);
        assertEquals(List.of(13L, 16L), out);
        assertThrows(IllegalArgumentException.class, () -> sdf.accumulatePartitions(null, 0));
    }

    /**
     * Mirrors test_dataframes.py::test_exceptions and test_example_type_error_message: a frame of the
     * wrong schema is refused naming the column, and what was accepted before is kept (the running
     * sum goes on from where it was).
     */
    @Test
    @SuppressWarnings("unchecked")
    void badInputNamesTheColumnAndLosesNothing() {
        DataFrame sdf = DataFrame.create(xy, allocator);
        List<Number> sums = sdf.col("x").sum().sinkToList();
        List<GroupResult> groups = sdf.groupby("y").col("x").sum().sinkToList();
        Schema wrongType = Schema.builder().add("x", ColumnType.DOUBLE).add("y", ColumnType.LONG).build();
        Schema missing = Schema.builder().add("x", ColumnType.LONG).build();
        try (Frame good = df123();
             Frame typed = frame(wrongType, new Object[] {1.5, 1L});
             Frame narrow = frame(missing, new Object[] {7L})) {
            sdf.emit(good);
            IllegalArgumentException e1 = assertThrows(IllegalArgumentException.class, () -> sdf.emit(typed));
            assertTrue(e1.getMessage().contains("'x'"), e1.getMessage());
            IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> sdf.emit(narrow));
            assertTrue(e2.getMessage().contains("'y'"), e2.getMessage());
            IllegalArgumentException e3 = assertThrows(IllegalArgumentException.class, () -> ((Stream<Object>) sdf.stream().upstream()).emit("not a frame"));
            assertTrue(e3.getMessage().contains("not a frame"), e3.getMessage());
            sdf.emit(good);
        }
        assertEquals(List.of(6L, 12L), sums);
        assertEquals(Map.of(4L, 2.0, 5L, 4.0, 6L, 6.0), groups.get(1).asMap());

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> sdf.col("nope"));
        assertTrue(unknown.getMessage().contains("nope"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sdf.groupby("nope"));
        IllegalArgumentException mask = assertThrows(IllegalArgumentException.class, () -> sdf.where(sdf.col("x")));
        assertTrue(mask.getMessage().contains("'x'"), mask.getMessage());
        Schema named = Schema.builder().add("s", ColumnType.STRING).build();
        DataFrame strings = DataFrame.create(named, allocator);
        IllegalArgumentException notNumber = assertThrows(IllegalArgumentException.class,
                () -> strings.col("s").plus(1L));
        assertTrue(notNumber.getMessage().contains("s"), notNumber.getMessage());
        IllegalArgumentException astype = assertThrows(IllegalArgumentException.class,
                () -> strings.astype(ColumnType.DOUBLE));
        assertTrue(astype.getMessage().contains("'s'"), astype.getMessage());
    }

    /**
     * Missing doubles (NaN) are skipped by sum, count and mean as pandas skips them, also in a
     * batch longer than the four-accumulator stride whose NaN sits past the first stride; a batch
     * with none is summed and counted in one pass (kernel fast path), and both feed one running result.
     */
    @Test
    void reductions_skip_nan_as_pandas() {
        Schema v = Schema.builder().add("v", ColumnType.DOUBLE).build();
        DataFrame sdf = DataFrame.create(v, allocator);
        List<Number> sums = sdf.col("v").sum().sinkToList();
        List<Number> counts = sdf.col("v").count().sinkToList();
        List<Number> means = sdf.col("v").mean().sinkToList();
        double[] withNaN = {1.5, 2.0, -3.0, 4.0, 0.5, Double.NaN, 6.0};
        double[] clean = {10.0, 20.0, 30.0};
        try (Frame a = frame(v, rowsOf(withNaN)); Frame b = frame(v, rowsOf(clean))) {
            sdf.emit(a);
            sdf.emit(b);
        }
        double firstSum = 1.5 + 2.0 - 3.0 + 4.0 + 0.5 + 6.0;
        assertEquals(List.of(firstSum, firstSum + 60.0), sums.stream().map(Number::doubleValue).toList());
        assertEquals(List.of(6L, 9L), counts.stream().map(Number::longValue).toList());
        assertEquals(List.of(firstSum / 6, (firstSum + 60.0) / 9), means.stream().map(Number::doubleValue).toList());
    }

    private static Object[][] rowsOf(double[] values) {
        Object[][] rows = new Object[values.length][];
        for (int i = 0; i < values.length; i++) {
            rows[i] = new Object[] {values[i]};
        }
        return rows;
    }
}
