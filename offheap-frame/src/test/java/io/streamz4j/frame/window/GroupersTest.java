package io.streamz4j.frame.window;

import io.streamz4j.Stream;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.DataFrame;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.Series;
import io.streamz4j.frame.agg.StateBytes;
import io.streamz4j.frame.agg.Statistic;
import io.streamz4j.frame.groupby.GroupBy;
import io.streamz4j.frame.groupby.GroupReduction;
import io.streamz4j.frame.groupby.GroupResult;
import io.streamz4j.frame.groupby.GroupState;
import io.streamz4j.frame.groupby.Groupers;
import io.streamz4j.frame.groupby.WindowGroupBy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Groupers other than one key column — a series computed from the same frames ({@code df.x % 3})
 * and several keys (pandas' MultiIndex, keys as {@code List.of(...)} tuples) — in a plain groupby
 * and inside {@code window(n)}. Ports of test_dataframes.py's cases with those groupers; expected
 * values are pandas' definitions computed here by plain loops over the same rows, not copied in.
 * The comparison with streamz + pandas itself is in {@link WindowRollingOracleTest}.
 */
class GroupersTest extends WindowTestNodes {
    private static final List<String> STATS = List.of("sum", "mean", "count", "var", "std", "size");

    @SuppressWarnings("unchecked")
    private List<Object> collect(Stream<?> s) {
        return (List<Object>) node(s).sinkToList();
    }

    private void emit(DataFrame sdf, List<double[]> rows, int from, int to) {
        List<Object[]> r = new ArrayList<>();
        for (int i = from; i < to; i++) {
            r.add(new Object[] {rows.get(i)[0], rows.get(i)[1]});
        }
        try (Frame f = Frame.fromRows(xy, r, allocator)) {
            sdf.emit(f);
        }
    }

    /** pandas' {@code rows.groupby(key).y.<stat>()} by loops: keys ascending (tuples by their parts). */
    private static Map<Object, Double> expected(List<double[]> rows, Function<double[], Object> key, String stat) {
        Map<Object, List<Double>> groups = new TreeMap<>(GroupersTest::compareKeys);
        for (double[] row : rows) {
            groups.computeIfAbsent(key.apply(row), k -> new ArrayList<>()).add(row[1]);
        }
        Map<Object, Double> out = new TreeMap<>(GroupersTest::compareKeys);
        groups.forEach((k, ys) -> out.put(k, statistic(ys, stat)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static int compareKeys(Object a, Object b) {
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            for (int i = 0; i < la.size(); i++) {
                int c = ((Comparable<Object>) la.get(i)).compareTo(lb.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        }
        return ((Comparable<Object>) a).compareTo(b);
    }

    private static double statistic(List<Double> ys, String stat) {
        double n = ys.size();
        double sum = ys.stream().mapToDouble(Double::doubleValue).sum();
        double mean = sum / n;
        double ss = ys.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        switch (stat) {
            case "sum": return sum;
            case "mean": return mean;
            case "count":
            case "size": return n;
            case "var": return n > 1 ? ss / (n - 1) : Double.NaN;
            default: return n > 1 ? Math.sqrt(ss / (n - 1)) : Double.NaN;
        }
    }

    /**
     * {@code g.y.<stat>()} (ddof 1 for var and std) or {@code g.size()}, called by name so that a
     * {@link GroupBy} and a {@link WindowGroupBy} are driven alike.
     */
    private static Stream<?> statistic(Object g, String stat) {
        try {
            if (stat.equals("size")) {
                return (Stream<?>) g.getClass().getMethod("size").invoke(g);
            }
            Object y = g.getClass().getMethod("col", String.class).invoke(g, "y");
            return stat.equals("var") || stat.equals("std")
                    ? (Stream<?>) y.getClass().getMethod(stat, int.class).invoke(y, 1)
                    : (Stream<?>) y.getClass().getMethod(stat).invoke(y);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot call " + stat + " on " + g, e);
        }
    }

    private static void assertResult(Map<Object, Double> want, Object actual, String what) {
        GroupResult r = (GroupResult) actual;
        assertEquals(new ArrayList<>(want.keySet()), r.keys(), what + ": keys");
        List<Number> got = r.values(r.columnNames().get(0));
        List<Double> values = new ArrayList<>(want.values());
        for (int i = 0; i < values.size(); i++) {
            double w = values.get(i);
            double g = got.get(i).doubleValue();
            if (Double.isNaN(w)) {
                assertTrue(Double.isNaN(g), what + " at " + r.keys().get(i) + ": " + g + ", want NaN");
            } else {
                assertEquals(w, g, 1e-9 * Math.max(1, Math.abs(w)), what + " at " + r.keys().get(i));
            }
        }
    }

    private static List<double[]> rows(int n, IntFunction<double[]> row) {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(row.apply(i));
        }
        return out;
    }

    /**
     * Mirrors test_dataframes.py::test_groupby_aggregate with the groupers {@code a.x % 3} and
     * {@code ['x']}, indexer {@code g.y}: x = i // 2, y = 1, 2, 1, 2, ...; batches [0, 3), [3, 7),
     * [7, 10); the first result is the groupby of the first batch, the last of all rows.
     */
    @Test
    void test_groupby_aggregate() {
        List<double[]> df = rows(10, i -> new double[] {i / 2, i % 2 + 1});
        for (String stat : STATS) {
            DataFrame a = DataFrame.create(xy, allocator);
            List<Object> byMod = collect(statistic(a.groupby(a.col("x").mod(3)), stat));
            List<Object> byList = collect(statistic(a.groupby(List.of("x")), stat));
            emit(a, df, 0, 3);
            emit(a, df, 3, 7);
            emit(a, df, 7, 10);
            Function<double[], Object> mod3 = r -> Math.floorMod((long) r[0], 3) + 0.0;
            Function<double[], Object> x = r -> r[0];
            assertEquals(3, byMod.size(), stat);
            assertResult(expected(df.subList(0, 3), mod3, stat), byMod.get(0), "x % 3 first " + stat);
            assertResult(expected(df, mod3, stat), byMod.get(2), "x % 3 last " + stat);
            assertResult(expected(df.subList(0, 3), x, stat), byList.get(0), "['x'] first " + stat);
            assertResult(expected(df, x, stat), byList.get(2), "['x'] last " + stat);
        }
    }

    /**
     * Mirrors test_dataframes.py::test_groupby_windowing_n with the grouper {@code a.x % 3},
     * indexer {@code g.x} (here the value column is y, as x is the key's source) over n = 1 and 4:
     * x = 0..9, batches of 3 then an empty one; five results, the first the groupby of the last n
     * rows of the first batch, the last that of the last n rows.
     */
    @Test
    void test_groupby_windowing_n() {
        List<double[]> df = rows(10, i -> new double[] {i, i % 2 + 1});
        Function<double[], Object> mod3 = r -> Math.floorMod((long) r[0], 3) + 0.0;
        for (int n : new int[] {1, 4}) {
            for (String stat : STATS) {
                DataFrame sdf = DataFrame.create(xy, allocator);
                List<Object> L = collect(statistic(sdf.window(n).groupby(sdf.col("x").mod(3)), stat));
                for (int i = 0; i < 10; i += 3) {
                    emit(sdf, df, i, Math.min(10, i + 3));
                }
                emit(sdf, df, 0, 0);
                String what = "window(" + n + ") " + stat;
                assertEquals(5, L.size(), what);
                assertResult(expected(df.subList(Math.max(0, 3 - n), 3), mod3, stat), L.get(0), what + " first");
                assertResult(expected(df.subList(10 - n, 10), mod3, stat), L.get(4), what + " last");
            }
        }
    }

    /**
     * Several keys inside a window (streamz's {@code sdf.window(n).groupby(['a', 'b'])}, pandas'
     * MultiIndex result): after every batch the result is the groupby of the window's rows, so a
     * tuple whose rows all left the window drops out, as in streamz.
     */
    @Test
    void severalKeysInAWindowFollowTheRowsInIt() {
        Schema abv = Schema.builder().add("a", ColumnType.STRING).add("b", ColumnType.LONG)
                .add("y", ColumnType.DOUBLE).build();
        String[] as = {"p", "q", "p", "r", "q", "p", "q", "p", "r", "p", "q", "q"};
        List<double[]> df = rows(as.length, i -> new double[] {i, i * 1.5 - 4});
        Function<double[], Object> key = r -> List.of(as[(int) r[0]], (long) r[0] % 2);
        for (String stat : STATS) {
            DataFrame sdf = DataFrame.create(abv, allocator);
            List<Object> L = collect(statistic(sdf.window(5).groupby(List.of("a", "b")), stat));
            for (int from = 0; from < as.length; from += 4) {
                List<Object[]> batch = new ArrayList<>();
                for (int i = from; i < from + 4; i++) {
                    batch.add(new Object[] {as[i], (long) i % 2, df.get(i)[1]});
                }
                try (Frame f = Frame.fromRows(abv, batch, allocator)) {
                    sdf.emit(f);
                }
            }
            assertEquals(3, L.size(), stat);
            for (int k = 0; k < 3; k++) {
                int end = 4 * k + 4;
                assertResult(expected(df.subList(Math.max(0, end - 5), end), key, stat), L.get(k),
                        "window(5).groupby([a, b]) " + stat + " after batch " + k);
            }
        }
    }

    /**
     * A list mixing a column and a computed series (pandas takes it over one frame; streamz 0.6.4
     * raises on it, so there is no streamz test): the groups are the tuples of both.
     */
    @Test
    void aColumnAndAComputedSeriesGroupByTheirTuples() {
        List<double[]> df = rows(9, i -> new double[] {i % 3, i * 2.5});
        DataFrame sdf = DataFrame.create(xy, allocator);
        List<Object> L = collect(sdf.groupby(List.of("x", sdf.col("y").gt(10))).col("y").sum());
        emit(sdf, df, 0, 5);
        emit(sdf, df, 5, 9);
        assertResult(expected(df, r -> List.of(r[0], r[1] > 10), "sum"), L.get(1), "groupby([x, y > 10]).y.sum");
        GroupResult r = (GroupResult) L.get(1);
        assertEquals("x,y", r.keyName());
    }

    /**
     * A computed key over a filtered DataFrame (streamz's {@code sdf[sdf.y > 5].groupby(sdf.x % 3)}
     * on the filtered frame): the key is evaluated on the whole frame and only the selected rows
     * make groups, in a plain groupby and in a window whose old frames leave through the same mask.
     */
    @Test
    void aComputedKeyOverAFilteredFrameGroupsOnlyTheSelectedRows() {
        List<double[]> df = rows(12, i -> new double[] {i, (i * 7) % 11});
        Function<double[], Object> mod3 = r -> Math.floorMod((long) r[0], 3) + 0.0;
        DataFrame sdf = DataFrame.create(xy, allocator);
        DataFrame big = sdf.where(sdf.col("y").gt(5.0));
        List<Object> plain = collect(GroupBy.of(big, big.col("x").mod(3)).col("y").sum());
        List<Object> windowed = collect(big.window(2).groupby(big.col("x").mod(3)).col("y").sum());
        emit(sdf, df, 0, 5);
        emit(sdf, df, 5, 12);
        List<double[]> selected = df.stream().filter(r -> r[1] > 5).toList();
        assertResult(expected(selected, mod3, "sum"), plain.get(1), "filtered groupby(x % 3).y.sum");
        // window(2) over a filtered DataFrame holds the last two selected rows
        assertResult(expected(selected.subList(selected.size() - 2, selected.size()), mod3, "sum"), windowed.get(1),
                "filtered window(2).groupby(x % 3).y.sum");
    }

    /**
     * Mirrors test_dataframes.py::test_groupby_windowing_n and ::test_groupby_aggregate with the
     * grouper {@code a.index % 2}: the frames' index (the row number, as streamz's iloc slices keep
     * it) modulo 2, grouped in window(4) and over all rows; a DataFrame without an index groups by
     * pandas' default labels, each frame's row numbers (streamz 0.6.4: frames [1, 2, 3] and [4, 5]
     * sum to {0: 4+4, 1: 2+5}).
     */
    @Test
    void test_groupby_windowing_n_by_index() {
        Schema indexed = Schema.builder().add("x", ColumnType.DOUBLE).add("y", ColumnType.DOUBLE)
                .index("i", ColumnType.LONG).build();
        List<double[]> df = rows(10, i -> new double[] {i, i * i - 3.0 * i});
        Function<double[], Object> index2 = r -> (long) r[0] % 2;
        for (String stat : STATS) {
            DataFrame sdf = DataFrame.create(indexed, allocator);
            List<Object> windowed = collect(statistic(sdf.window(4).groupby(Groupers.index(sdf).mod(2)), stat));
            List<Object> plain = collect(statistic(GroupBy.of(sdf, Groupers.index(sdf).mod(2)), stat));
            for (int from = 0; from < 10; from += 3) {
                List<Object[]> batch = new ArrayList<>();
                for (int i = from; i < Math.min(10, from + 3); i++) {
                    batch.add(new Object[] {df.get(i)[0], df.get(i)[1], (long) i});
                }
                try (Frame f = Frame.fromRows(indexed, batch, allocator)) {
                    sdf.emit(f);
                }
            }
            assertResult(expected(df.subList(0, 3), index2, stat), windowed.get(0), "window(4) by index % 2 first " + stat);
            assertResult(expected(df.subList(6, 10), index2, stat), windowed.get(3), "window(4) by index % 2 last " + stat);
            assertResult(expected(df, index2, stat), plain.get(3), "groupby(index % 2) " + stat);
        }
        DataFrame noIndex = DataFrame.create(xy, allocator);
        List<Object> byLabel = collect(GroupBy.of(noIndex, Groupers.index(noIndex).mod(2)).col("x").sum());
        for (List<Object[]> batch : List.of(List.of(new Object[] {1.0, 0.0}, new Object[] {2.0, 0.0},
                new Object[] {3.0, 0.0}), List.of(new Object[] {4.0, 0.0}, new Object[] {5.0, 0.0}))) {
            try (Frame f = Frame.fromRows(xy, batch, allocator)) {
                noIndex.emit(f);
            }
        }
        assertEquals(Map.of(0L, 8.0, 1L, 7.0), ((GroupResult) byLabel.get(1)).asMap());
    }

    /** Bad groupers are named in the error: unknown column, a series of another DataFrame, not a key, none. */
    @Test
    void badGroupersAreRejectedNamingThem() {
        DataFrame sdf = DataFrame.create(xy, allocator);
        DataFrame other = DataFrame.create(xy, allocator);
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> sdf.window(3).groupby(List.of("x", "nope")));
        assertTrue(unknown.getMessage().contains("'nope'"), unknown.getMessage());
        Series foreign = other.col("x").mod(3);
        IllegalArgumentException fromElsewhere = assertThrows(IllegalArgumentException.class,
                () -> sdf.window(3).groupby(foreign));
        assertTrue(fromElsewhere.getMessage().contains("another DataFrame"), fromElsewhere.getMessage());
        IllegalArgumentException plainForeign = assertThrows(IllegalArgumentException.class,
                () -> GroupBy.of(sdf, foreign));
        assertTrue(plainForeign.getMessage().startsWith("groupby"), plainForeign.getMessage());
        IllegalArgumentException notAKey = assertThrows(IllegalArgumentException.class,
                () -> GroupBy.of(sdf, List.of("x", 3)));
        assertTrue(notAKey.getMessage().contains("Integer 3"), notAKey.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> sdf.window(3).groupby(List.of()));
        assertTrue(none.getMessage().contains("window(n=3).groupby"), none.getMessage());
    }

    /**
     * The state of a groupby over several DOUBLE keys (parts written as their bits) and of a
     * computed single key survive their bytes: same groups, same result. The fuller round trips,
     * with string parts and restarted dictionaries, are in {@link MultiKeyStateTest}.
     */
    @Test
    @SuppressWarnings("unchecked")
    void severalKeysAndAComputedKeyStatesRoundTripThroughBytes() {
        List<double[]> df = rows(6, i -> new double[] {i % 3, i + 0.5});
        DataFrame sdf = DataFrame.create(xy, allocator);
        List<Object> tuples = collect(sdf.window(4).withState().groupby(List.of("x", "y")).col("y").sum());
        List<Object> computed = collect(sdf.window(4).withState().groupby(sdf.col("x").mod(2)).col("y").sum());
        emit(sdf, df, 0, 6);
        GroupReduction byTuple = new GroupReduction(Groupers.resolve(sdf, List.of("x", "y"), "groupby"),
                List.of("y"), Statistic.SUM, 1);
        GroupState multi = ((WithState<GroupState, ?>) tuples.get(0)).state().state();
        GroupState multiBack = StateBytes.read(byTuple.initial(xy), StateBytes.write(multi));
        assertEquals(6, multi.groups(), "six tuples met, four still in the window");
        assertEquals(multi.groups(), multiBack.groups());
        assertEquals(byTuple.result(multi).toString(), byTuple.result(multiBack).toString());
        GroupState single = ((WithState<GroupState, ?>) computed.get(0)).state().state();
        GroupState back = StateBytes.read(single, StateBytes.write(single));
        assertEquals(single.groups(), back.groups());
        tuples.forEach(o -> ((WithState<?, ?>) o).state().release());
        computed.forEach(o -> ((WithState<?, ?>) o).state().release());
    }

    /** Keys of a computed series compare as pandas sorts them (sanity of the loop reference's order). */
    @Test
    void tupleKeysSortByEachPartInTurn() {
        List<Object> keys = new ArrayList<>(List.of(List.of(2.0, false), List.of(1.0, true), List.of(1.0, false)));
        keys.sort(Comparator.comparing(k -> k, GroupersTest::compareKeys));
        assertEquals(List.of(List.of(1.0, false), List.of(1.0, true), List.of(2.0, false)), keys);
    }
}
