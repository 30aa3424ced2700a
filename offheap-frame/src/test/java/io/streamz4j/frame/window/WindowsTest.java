package io.streamz4j.frame.window;

import io.streamz4j.Stream;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.DataFrame;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.RangeLabels;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.agg.Aggregation;
import io.streamz4j.frame.agg.Moments;
import io.streamz4j.frame.agg.Reduction;
import io.streamz4j.frame.agg.Statistic;
import io.streamz4j.frame.groupby.GroupReduction;
import io.streamz4j.frame.groupby.GroupResult;
import io.streamz4j.frame.groupby.GroupState;
import io.streamz4j.frame.groupby.WindowGroupBy;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ports of streamz/dataframe/tests/test_dataframes.py's window, groupby-in-window, custom
 * aggregation, expanding and ewm cases (the "core" stream parameter). Expected values are
 * computed here from the same rows by plain loops (pandas' definitions), not copied in. Every
 * test destroys its nodes and closes its allocator, which fails on any frame a window still held.
 */
class WindowsTest extends WindowTestNodes {
    /** streamz's {@code pd.DataFrame({'x': range(10), 'y': [1, 2] * 5})} rows [from, to). */
    private Frame rows10(int from, int to) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = from; i < to; i++) {
            rows.add(new Object[] {(double) i, (double) (i % 2 + 1)});
        }
        return Frame.fromRows(xy, rows, allocator);
    }

    private void emit(DataFrame sdf, Frame f) {
        try (f) {
            sdf.emit(f);
        }
    }

    /** Mirrors test_dataframes.py::test_window_sum. */
    @Test
    void test_window_sum() {
        Schema longs = Schema.builder().add("x", ColumnType.LONG).add("y", ColumnType.LONG).build();
        DataFrame sdf = DataFrame.create(longs, allocator);
        List<Object> L = node(sdf.window(4).col("x").sum()).sinkToList();
        List<Object[]> rows = List.of(new Object[] {1L, 4L}, new Object[] {2L, 5L}, new Object[] {3L, 6L});
        for (int i = 0; i < 3; i++) {
            emit(sdf, Frame.fromRows(longs, rows, allocator));
        }
        // the last 4 of x = 1,2,3,1,2,3,...: 1+2+3, then 3+1+2+3, then again
        assertEquals(List.of(6L, 9L, 9L), L);
    }

    /** Mirrors test_dataframes.py::test_window_sum_dataframe. */
    @Test
    void test_window_sum_dataframe() {
        DataFrame sdf = DataFrame.create(xy, allocator);
        List<Object> L = node(sdf.window(4).sum()).sinkToList();
        for (int i = 0; i < 3; i++) {
            emit(sdf, Frame.fromRows(xy, List.of(new Object[] {1.0, 4.0}, new Object[] {2.0, 5.0},
                    new Object[] {3.0, 6.0}), allocator));
        }
        assertEquals(Map.of("x", 6.0, "y", 15.0), L.get(0));
        assertEquals(Map.of("x", 9.0, "y", 21.0), L.get(1));
        assertEquals(Map.of("x", 9.0, "y", 21.0), L.get(2));
    }

    private static double[] xs(int from, int to) {
        double[] out = new double[Math.max(0, to - from)];
        for (int i = from; i < to; i++) {
            out[i - from] = i;
        }
        return out;
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s;
    }

    private static double var(double[] v, int ddof) {
        double m = sum(v) / v.length;
        double ss = 0;
        for (double d : v) {
            ss += (d - m) * (d - m);
        }
        return ss / (v.length - ddof);
    }

    /** Mirrors test_dataframes.py::test_windowing_n (sum, mean, count, size, var, std; n 1 and 4; series x). */
    @Test
    void test_windowing_n() {
        for (int n : new int[] {1, 4}) {
            DataFrame sdf = DataFrame.create(xy, allocator);
            Window w = sdf.col("x").window(n);
            List<Object> sums = node(w.sum()).sinkToList();
            List<Object> means = node(w.mean()).sinkToList();
            List<Object> counts = node(w.count()).sinkToList();
            List<Object> sizes = node(w.size()).sinkToList();
            List<Object> var1 = node(w.var(1)).sinkToList();
            List<Object> std1 = node(w.std(1)).sinkToList();
            List<Object> var0 = node(w.var(0)).sinkToList();
            for (int i = 0; i < 10; i += 3) {
                emit(sdf, rows10(i, Math.min(10, i + 3)));
            }
            emit(sdf, rows10(0, 0));
            assertEquals(5, sums.size());
            double[] first = xs(Math.max(0, 3 - n), 3);
            double[] last = xs(10 - n, 10);
            assertEquals(sum(first), (double) sums.get(0), 1e-12);
            assertEquals(sum(last), (double) sums.get(4), 1e-12);
            assertEquals(sum(last) / n, (double) means.get(4), 1e-12);
            assertEquals((long) n, counts.get(4));
            assertEquals((long) n, sizes.get(4));
            if (n > 1) {
                assertEquals(var(last, 1), (double) var1.get(4), 1e-9);
                assertEquals(Math.sqrt(var(last, 1)), (double) std1.get(4), 1e-9);
            } else {
                assertTrue(Double.isNaN((double) var1.get(4)), "var(ddof=1) of one value is NaN: " + var1);
            }
            assertEquals(var(last, 0), (double) var0.get(4), 1e-9);
        }
    }

    private final Schema timed = Schema.builder().add("amount", ColumnType.LONG).index("time", ColumnType.TIMESTAMP)
            .build();

    private Frame amounts(long[] amounts, int[] hours) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < amounts.length; i++) {
            rows.add(new Object[] {amounts[i], Instant.parse("2050-01-01T00:00:00Z").plus(Duration.ofHours(hours[i]))});
        }
        return Frame.fromRows(timed, rows, allocator);
    }

    /** Mirrors test_dataframes.py::test_windowing_value_empty_intermediate_index (the filter keeps amount == 5). */
    @Test
    void test_windowing_value_empty_intermediate_index() {
        DataFrame raw = DataFrame.create(timed, allocator);
        DataFrame sdf = raw.where(raw.col("amount").eq(5L));
        List<Object> output = node(sdf.window("2h").col("amount").sum()).sinkToList();
        long[][] batches = {{1, 2, 3}, {5, 5, 5}, {4, 5, 6}, {1, 2, 3}, {5, 5, 5}};
        for (int b = 0; b < batches.length; b++) {
            emit(raw, amounts(batches[b], new int[] {3 * b, 3 * b + 1, 3 * b + 2}));
        }
        // within 2h of the latest kept row: nothing; 5+5 (04:00, 05:00); 5 (07:00); 5 (07:00, the
        // window keeps what is within 2h of its latest row); 5+5 (13:00, 14:00)
        assertEquals(List.of(0L, 10L, 5L, 5L, 10L), output);
    }

    /**
     * Mirrors test_dataframes.py::test_window_full (through apply with the identity); the rows keep
     * their frames' labels, as pandas' concat keeps them (frames without an index: row numbers).
     */
    @Test
    void test_window_full() {
        DataFrame sdf = DataFrame.create(xy, allocator);
        DataFrame applied = sdf.window(4).apply(Frame::retain, RangeLabels.labelled(xy));
        List<List<Map<String, Object>>> L = new ArrayList<>();
        node(applied.stream().sink(f -> L.add(f.toRecords())));
        // the Full node, which holds the concatenated window, sits two nodes up (the map, its schema check)
        for (Stream<?> s = applied.stream(); s != null && s != sdf.stream(); s = s.upstream()) {
            node(s);
        }
        emit(sdf, rows10(0, 3));
        emit(sdf, rows10(3, 8));
        emit(sdf, rows10(8, 10));
        try (Frame a = rows10(0, 3); Frame b = rows10(4, 8); Frame c = rows10(6, 10)) {
            assertEquals(labelled(a.toRecords(), 0, 1, 2), L.get(0));
            assertEquals(labelled(b.toRecords(), 1, 2, 3, 4), L.get(1));
            assertEquals(labelled(c.toRecords(), 3, 4, 0, 1), L.get(2));
        }
    }

    /** The records with the labels pandas keeps for them under "index". */
    private static List<Map<String, Object>> labelled(List<Map<String, Object>> records, long... labels) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int r = 0; r < records.size(); r++) {
            Map<String, Object> row = new java.util.LinkedHashMap<>();
            row.put("index", labels[r]);
            row.putAll(records.get(r));
            out.add(row);
        }
        return out;
    }

    /** streamz's test Custom: state counts frames in (+1) and out (-100), result is the state before the step. */
    private static final class Custom implements Aggregation<long[], Long> {
        @Override
        public long[] initial(Schema example) {
            return new long[2]; // {state, result}
        }

        @Override
        public long[] onNew(long[] s, Frame frame) {
            s[1] = s[0];
            s[0] += 1;
            return s;
        }

        @Override
        public long[] onOld(long[] s, Frame frame) {
            s[1] = s[0];
            s[0] -= 100;
            return s;
        }

        @Override
        public Long result(long[] s) {
            return s[1];
        }
    }

    /** Mirrors test_dataframes.py::test_custom_aggregation. */
    @Test
    void test_custom_aggregation() {
        DataFrame sdf = DataFrame.create(xy, allocator);
        List<Long> all = node(sdf.aggregate(new Custom())).sinkToList();
        DataFrame sdf2 = DataFrame.create(xy, allocator);
        List<Object> windowed = node(sdf2.window(5).aggregate(new Custom())).sinkToList();
        for (int i = 0; i < 3; i++) {
            emit(sdf, rows10(0, 10));
            emit(sdf2, rows10(0, 10));
        }
        assertEquals(List.of(0L, 1L, 2L), all);
        assertEquals(List.of(1L, -198L, -397L), windowed);
    }

    private final Schema names = Schema.builder().add("name", ColumnType.STRING).add("amount", ColumnType.DOUBLE)
            .build();

    private Frame people(String[] who, double[] amounts) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < who.length; i++) {
            rows.add(new Object[] {who[i], amounts[i]});
        }
        return Frame.fromRows(names, rows, allocator);
    }

    /** Mirrors test_dataframes.py::test_window_aggs_with_start_state. */
    @Test
    @SuppressWarnings("unchecked")
    void test_window_aggs_with_start_state() {
        DataFrame sdf = DataFrame.create(names, allocator);
        List<Object> output0 = node(sdf.window(2).withState().col("amount").sum()).sinkToList();
        emit(sdf, people(new String[] {"Alice", "Tom", "Linda"}, new double[] {50, 100, 200}));
        emit(sdf, people(new String[] {"Bob"}, new double[] {250}));
        WithState<?, ?> last = (WithState<?, ?>) output0.get(1);
        assertEquals(450.0, last.result());

        DataFrame sdf2 = DataFrame.create(names, allocator);
        List<Object> output1 = node(sdf2.window(2).withState().start(last.state()).col("amount").sum()).sinkToList();
        emit(sdf2, people(new String[] {"Alice"}, new double[] {50}));
        assertEquals(300.0, ((WithState<?, ?>) output1.get(0)).result());
        for (Object o : output0) {
            ((WithState<?, ?>) o).state().release();
        }
        for (Object o : output1) {
            ((WithState<?, ?>) o).state().release();
        }
    }

    /** Mirrors test_dataframes.py::test_windowed_groupby_aggs_with_start_state. */
    @Test
    void test_windowed_groupby_aggs_with_start_state() {
        DataFrame sdf = DataFrame.create(names, allocator);
        List<Object> output0 = node(sdf.window(5).withState().groupby("name").col("amount").sum()).sinkToList();
        emit(sdf, people(new String[] {"Alice", "Tom", "Linda"}, new double[] {50, 100, 200}));
        emit(sdf, people(new String[] {"Alice", "Linda", "Bob"}, new double[] {250, 300, 350}));
        WithState<?, ?> saved = (WithState<?, ?>) output0.get(1);

        DataFrame sdf2 = DataFrame.create(names, allocator);
        List<Object> output1 = node(sdf2.window(5).withState().start(saved.state()).groupby("name").col("amount")
                .sum()).sinkToList();
        emit(sdf2, people(new String[] {"Alice", "Linda", "Tom", "Bob"}, new double[] {50, 100, 150, 200}));
        GroupResult r = (GroupResult) ((WithState<?, ?>) output1.get(0)).result();
        assertEquals(List.of("Alice", "Bob", "Linda", "Tom"), r.keys());
        assertEquals(List.of(50.0, 550.0, 100.0, 150.0), r.values("amount"));
        output0.forEach(o -> ((WithState<?, ?>) o).state().release());
        output1.forEach(o -> ((WithState<?, ?>) o).state().release());
    }

    /**
     * A saved window state is a copy (no streamz test: streamz's states are pandas objects replaced at
     * every step, so its saved states never change): frames the window sees after the save leave
     * the saved state's values as they were, for a grouped and a plain reduction and a windowed
     * frame ({@code full}), and two windows started from the same saved state both continue from it.
     */
    @Test
    @SuppressWarnings("unchecked")
    void savedStateIsACopyThatLaterFramesDoNotChange() {
        DataFrame sdf = DataFrame.create(names, allocator);
        List<Object> grouped = node(sdf.window(5).withState().groupby("name").col("amount").sum()).sinkToList();
        List<Object> plain = node(sdf.window(5).withState().col("amount").sum()).sinkToList();
        List<Object> full = node(sdf.window(5).withState().aggregate(new Full(allocator))).sinkToList();
        emit(sdf, people(new String[] {"Alice", "Tom"}, new double[] {50, 100}));
        WindowState<GroupState> savedGroups = ((WithState<GroupState, ?>) grouped.get(0)).state();
        WindowState<Moments> savedSum = ((WithState<Moments, ?>) plain.get(0)).state();
        GroupReduction groupSum = new GroupReduction("name", List.of("amount"), Statistic.SUM, 1);
        Reduction sum = Reduction.ofSeries(Statistic.SUM, "amount", 1);
        assertEquals(List.of(50.0, 100.0), groupSum.result(savedGroups.state()).values("amount"));
        assertEquals(150.0, sum.result(savedSum.state()));

        emit(sdf, people(new String[] {"Alice", "Bob", "Tom"}, new double[] {1, 2, 3}));
        emit(sdf, people(new String[] {"Alice", "Zoe"}, new double[] {4, 5}));
        assertEquals(List.of(1.0 + 4 + 0, 2.0, 3.0, 5.0),
                groupSum.result(((WithState<GroupState, ?>) grouped.get(2)).state().state()).values("amount"),
                "the live window moved on");
        GroupResult still = groupSum.result(savedGroups.state());
        assertEquals(List.of("Alice", "Tom"), still.keys());
        assertEquals(List.of(50.0, 100.0), still.values("amount"));
        assertEquals(150.0, sum.result(savedSum.state()));
        WithState<Full.State, ?> savedFull = (WithState<Full.State, ?>) full.get(0);
        assertEquals(2, savedFull.state().state().frame().rows());
        assertEquals(50.0, savedFull.state().state().frame().column("amount").getDouble(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sdf.window(5).withState().full());
        assertTrue(e.getMessage().contains("withState"), e.getMessage());

        for (int k = 0; k < 2; k++) {
            DataFrame again = DataFrame.create(names, allocator);
            List<Object> out = node(again.window(5).start(savedGroups).groupby("name").col("amount").sum())
                    .sinkToList();
            emit(again, people(new String[] {"Alice"}, new double[] {7}));
            assertEquals(List.of(57.0, 100.0), ((GroupResult) out.get(0)).values("amount"), "start #" + k);
        }
        assertEquals(List.of(50.0, 100.0), groupSum.result(savedGroups.state()).values("amount"));
        for (List<Object> outs : List.of(grouped, plain, full)) {
            outs.forEach(o -> ((WithState<?, ?>) o).state().release());
        }
    }

    /**
     * The one-column list grouper of test_dataframes.py::test_groupby_windowing_n /
     * test_groupby_windowing_value ({@code lambda a: ['y']}) gives what the column name gives; a
     * list naming an unknown column is refused, naming it (several keys: GroupersTest).
     */
    @Test
    void groupbyTakesAOneColumnList() {
        DataFrame sdf = DataFrame.create(names, allocator);
        List<Object> byList = node(sdf.window(3).groupby(List.of("name")).col("amount").sum()).sinkToList();
        List<Object> byName = node(sdf.window(3).groupby("name").col("amount").sum()).sinkToList();
        emit(sdf, people(new String[] {"Alice", "Tom", "Alice"}, new double[] {1, 2, 3}));
        emit(sdf, people(new String[] {"Tom", "Bob"}, new double[] {4, 5}));
        assertEquals(2, byList.size());
        for (int i = 0; i < byList.size(); i++) {
            assertEquals(((GroupResult) byName.get(i)).asMap(), ((GroupResult) byList.get(i)).asMap());
        }
        assertEquals(Map.of("Alice", 3.0, "Tom", 4.0, "Bob", 5.0), ((GroupResult) byList.get(1)).asMap());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sdf.window(3).groupby(List.of("name", "amont")));
        assertTrue(e.getMessage().contains("'amont'"), e.getMessage());
    }

    /** Mirrors test_dataframes.py::test_groupby_windowing_n (grouper 'y', g.x, sum/mean/count/size/var/std, n 1 and 4). */
    @Test
    void test_groupby_windowing_n() {
        for (int n : new int[] {1, 4}) {
            DataFrame sdf = DataFrame.create(xy, allocator);
            WindowGroupBy g = sdf.window(n).groupby("y").col("x");
            List<Object> sums = node(g.sum()).sinkToList();
            List<Object> means = node(g.mean()).sinkToList();
            List<Object> counts = node(g.count()).sinkToList();
            List<Object> sizes = node(sdf.window(n).groupby("y").size()).sinkToList();
            List<Object> vars = node(g.var(1)).sinkToList();
            List<Object> stds = node(g.std(1)).sinkToList();
            for (int i = 0; i < 10; i += 3) {
                emit(sdf, rows10(i, Math.min(10, i + 3)));
            }
            emit(sdf, rows10(0, 0));
            assertEquals(5, sums.size());
            int from = 10 - n;
            // groups of y = i % 2 + 1 over rows [from, 10)
            for (double key : new double[] {1.0, 2.0}) {
                List<Double> vals = new ArrayList<>();
                for (int i = from; i < 10; i++) {
                    if (i % 2 + 1 == key) {
                        vals.add((double) i);
                    }
                }
                GroupResult s = (GroupResult) sums.get(4);
                if (vals.isEmpty()) {
                    assertTrue(!s.keys().contains(key), "a group with no rows left drops out: " + s);
                    continue;
                }
                double[] v = vals.stream().mapToDouble(Double::doubleValue).toArray();
                assertEquals(sum(v), s.get("x", key).doubleValue(), 1e-12);
                assertEquals(sum(v) / v.length, ((GroupResult) means.get(4)).get("x", key).doubleValue(), 1e-12);
                assertEquals((long) v.length, ((GroupResult) counts.get(4)).get("x", key).longValue());
                assertEquals((long) v.length, ((GroupResult) sizes.get(4)).get("size", key).longValue());
                if (v.length > 1) {
                    assertEquals(var(v, 1), ((GroupResult) vars.get(4)).get("x", key).doubleValue(), 1e-9);
                    assertEquals(Math.sqrt(var(v, 1)), ((GroupResult) stds.get(4)).get("x", key).doubleValue(), 1e-9);
                }
            }
        }
    }

    /** Mirrors test_dataframes.py::test_expanding (sum, mean, count, var over 5 copies of one row). */
    @Test
    void test_expanding() {
        DataFrame sdf = DataFrame.create(xy, allocator);
        List<Object> sums = node(sdf.expanding().sum()).sinkToList();
        List<Object> means = node(sdf.expanding().mean()).sinkToList();
        List<Object> counts = node(sdf.expanding().count()).sinkToList();
        for (int i = 0; i < 5; i++) {
            emit(sdf, Frame.fromRows(xy, List.<Object[]>of(new Object[] {1.0, 2.0}), allocator));
        }
        for (int i = 0; i < 5; i++) {
            assertEquals(Map.of("x", (i + 1) * 1.0, "y", (i + 1) * 2.0), sums.get(i));
            assertEquals(Map.of("x", 1.0, "y", 2.0), means.get(i));
            assertEquals(Map.of("x", i + 1L, "y", i + 1L), counts.get(i));
        }
    }

    /** Mirrors test_dataframes.py::test_ewm_mean: pandas' adjusted EWM mean, computed here from its weights. */
    @Test
    void test_ewm_mean() {
        DataFrame sdf = DataFrame.create(xy, allocator);
        List<Object> L = node(sdf.ewm(1).mean()).sinkToList();
        double[][] rows = {{1, 2}, {2, 3}, {3, 4}};
        for (double[] r : rows) {
            emit(sdf, Frame.fromRows(xy, List.<Object[]>of(new Object[] {r[0], r[1]}), allocator));
        }
        double alpha = 1 / (1 + 1.0);
        for (int t = 0; t < 3; t++) {
            double num = 0;
            double den = 0;
            for (int i = 0; i <= t; i++) {
                double w = Math.pow(1 - alpha, t - i);
                num += w * rows[i][0];
                den += w;
            }
            assertEquals(num / den, ((Number) ((Map<?, ?>) L.get(t)).get("x")).doubleValue(), 1e-12);
        }
    }

    /** Mirrors test_dataframes.py::test_ewm_raise_multiple_arguments, test_ewm_raise_no_argument, test_raise_invalid_argument. */
    @Test
    void test_ewm_raise_arguments() {
        DataFrame sdf = DataFrame.create(xy, allocator);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> sdf.ewm(1.0, null, 1.0, null)).getMessage()
                .contains("Can only provide one of"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> sdf.ewm(null, null, null, null)).getMessage()
                .contains("Must pass one of"));
        assertThrows(IllegalArgumentException.class, () -> sdf.ewm(-1.0, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> sdf.ewm(null, -1.0, null, null));
        assertThrows(IllegalArgumentException.class, () -> sdf.ewm(null, null, -1.0, null));
        assertThrows(IllegalArgumentException.class, () -> sdf.ewm(null, null, null, -1.0));
    }

    /** A row older than a time window's lower bound is refused (window unchanged) or dropped and counted. */
    @Test
    void outOfOrderRowsAreRefusedOrDroppedNeverMixedIn() {
        DataFrame sdf = DataFrame.create(timed, allocator);
        WindowAggregate<?, Object> strict = node(sdf.window("2h").col("amount").sum());
        WindowAggregate<?, Object> lenient = node(sdf.window("2h").outOfOrder(OutOfOrder.DROP).col("amount").sum());
        List<Object> strictOut = strict.sinkToList();
        List<Object> lenientOut = lenient.sinkToList();
        emit(sdf, amounts(new long[] {1, 2}, new int[] {10, 11}));
        try (Frame late = amounts(new long[] {100, 3}, new int[] {5, 12})) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> strict.update(late, null,
                    List.of()));
            assertTrue(e.getMessage().contains("row 0") && e.getMessage().contains("lower bound"), e.getMessage());
            lenient.update(late, null, List.of());
        }
        assertEquals(List.of(3L), strictOut);
        assertEquals(2, strict.rows());
        // 11:00 and 12:00 remain within 2h of 12:00; the 05:00 row was dropped, not summed
        assertEquals(List.of(3L, 5L), lenientOut);
        assertEquals(1, lenient.droppedRows());
    }

    /**
     * The deque holds references to the frames (no copies) and releases each once its rows have
     * left; it also holds each element's ref (whose last release releases the frame the DataFrame
     * retained for it), so a held frame counts the test's reference, the window's and the ref's.
     */
    @Test
    void windowRetainsFramesAndReleasesThemOnEviction() {
        DataFrame sdf = DataFrame.create(xy, allocator);
        WindowAggregate<?, Object> w = node(sdf.window(6).col("x").sum());
        Frame a = rows10(0, 3);
        Frame b = rows10(3, 6);
        Frame c = rows10(6, 9);
        sdf.emit(a);
        sdf.emit(b);
        assertEquals(3, a.refCount());
        assertEquals(3, b.refCount());
        assertEquals(2, w.heldMetadata().size(), "a's and b's refs are held while their rows are in the window");
        long held = allocator.getAllocatedMemory();
        sdf.emit(c);
        assertEquals(1, a.refCount(), "a left the window whole: its frame and its ref were released");
        assertEquals(3, c.refCount());
        assertEquals(2, w.frameCount());
        a.release();
        b.release();
        c.release();
        assertTrue(allocator.getAllocatedMemory() <= held, "no copies were made of the rows in the window");
    }

    /** Bad input names the parameter. */
    @Test
    void badWindowArgumentsAreNamed() {
        DataFrame sdf = DataFrame.create(xy, allocator);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> sdf.window(0)).getMessage().contains("n"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> sdf.window("2h")).getMessage()
                .contains("TIMESTAMP"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Durations.parse("2 parsecs")).getMessage()
                .contains("2 parsecs"));
        assertEquals(Duration.ofMinutes(200), Durations.parse("200 minutes"));
        assertEquals(Duration.ofMillis(100), Durations.parse("100ms"));
        assertThrows(IllegalArgumentException.class, () -> sdf.window(3).valueCounts());
        assertThrows(IllegalArgumentException.class, () -> sdf.window(3).col("nope"));
    }
}
