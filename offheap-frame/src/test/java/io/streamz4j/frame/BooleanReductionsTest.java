package io.streamz4j.frame;

import io.streamz4j.frame.groupby.GroupResult;
import io.streamz4j.frame.window.WindowAggregate;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Boolean columns in DataFrame-level, windowed and grouped reductions, as pandas 1.5.3 reduces
 * them: among the columns in their place, as 0 and 1 (a sum counts the trues, a mean is their
 * fraction, min and max come out as 0 or 1, var and std are those of the 0/1 values), never
 * missing. FrameOracleTest compares the same families against streamz + pandas on random data;
 * these pin each statistic and grouping shape on data worked by hand.
 */
class BooleanReductionsTest {
    private static final double EPS = 1e-12;
    private final BufferAllocator allocator = new RootAllocator();
    private final Schema schema = Schema.builder().add("name", ColumnType.STRING).add("i", ColumnType.LONG)
            .add("f", ColumnType.BOOLEAN).add("x", ColumnType.DOUBLE).build();

    @AfterEach
    void closeAllocator() {
        allocator.close();
    }

    private static Object[] row(String name, long i, boolean f, double x) {
        return new Object[] {name, i, f, x};
    }

    /** name, i, f, x: (a, 1, T, 1.5), (b, 2, F, NaN), (a, 3, T, 2.0). */
    private Frame first() {
        return Frame.fromRows(schema, List.of(row("a", 1, true, 1.5), row("b", 2, false, Double.NaN),
                row("a", 3, true, 2.0)), allocator);
    }

    /** (b, 4, T, 0.5), (b, 5, T, 1.0). */
    private Frame second() {
        return Frame.fromRows(schema, List.of(row("b", 4, true, 0.5), row("b", 5, true, 1.0)), allocator);
    }

    private void emitBoth(DataFrame sdf) {
        try (Frame a = first(); Frame b = second()) {
            sdf.emit(a);
            sdf.emit(b);
        }
    }

    private static double d(Object map, String column) {
        return ((Number) ((Map<?, ?>) map).get(column)).doubleValue();
    }

    @Test
    void dataFrameReductionsTakeTheBooleanColumnInItsPlace() {
        DataFrame sdf = DataFrame.create(schema, allocator);
        List<Map<String, Number>> sums = sdf.sum().sinkToList();
        List<Map<String, Number>> means = sdf.mean().sinkToList();
        List<Map<String, Number>> counts = sdf.count().sinkToList();
        List<Map<String, Number>> vars = sdf.var(1).sinkToList();
        List<Map<String, Number>> stds = sdf.std(1).sinkToList();
        List<Map<String, Number>> mins = sdf.min().sinkToList();
        List<Map<String, Number>> maxs = sdf.max().sinkToList();
        List<Long> sizes = sdf.size().sinkToList();
        emitBoth(sdf);

        for (List<Map<String, Number>> each : List.of(sums, means, counts, vars, stds, mins, maxs)) {
            assertEquals(List.of("i", "f", "x"), new ArrayList<>(each.get(1).keySet()), "numbers and booleans in schema order, the string column left out");
        }
        // the sum of booleans is an exact integer count of the trues, as pandas' int64
        assertEquals(2L, sums.get(0).get("f"));
        assertEquals(4L, sums.get(1).get("f"));
        assertEquals(15L, sums.get(1).get("i"));
        assertEquals(2.0 / 3, d(means.get(0), "f"), EPS);
        assertEquals(0.8, d(means.get(1), "f"), EPS);
        assertEquals(3L, counts.get(0).get("f"));
        assertEquals(5L, counts.get(1).get("f"));
        assertEquals(4L, counts.get(1).get("x"));
        assertEquals(1.0 / 3, d(vars.get(0), "f"), EPS);
        assertEquals(0.2, d(vars.get(1), "f"), EPS);
        assertEquals(Math.sqrt(0.2), d(stds.get(1), "f"), EPS);
        assertEquals(0L, mins.get(1).get("f"));
        assertEquals(1L, maxs.get(1).get("f"));
        assertEquals(List.of(12L, 20L), sizes, "size counts every cell, strings and booleans too");
    }

    @Test
    void booleanExtremesAreOneOnlyWhenEveryRowIsTrueAndZeroOnlyWhenNoneIs() {
        Schema flags = Schema.builder().add("f", ColumnType.BOOLEAN).build();
        DataFrame sdf = DataFrame.create(flags, allocator);
        List<Map<String, Number>> mins = sdf.min().sinkToList();
        List<Map<String, Number>> maxs = sdf.max().sinkToList();
        List<Map<String, Number>> means = sdf.mean().sinkToList();
        List<List<Object[]>> batches = List.of(List.of(), List.of(new Object[] {true}, new Object[] {true}),
                List.<Object[]>of(new Object[] {false}));
        for (List<Object[]> rows : batches) {
            try (Frame f = Frame.fromRows(flags, rows, allocator)) {
                sdf.emit(f);
            }
        }
        // nothing yet: NaN, as pandas' min of no values
        assertEquals(Double.NaN, d(mins.get(0), "f"));
        assertEquals(Double.NaN, d(maxs.get(0), "f"));
        assertEquals(Double.NaN, d(means.get(0), "f"));
        assertEquals(1L, mins.get(1).get("f"));
        assertEquals(1L, maxs.get(1).get("f"));
        assertEquals(0L, mins.get(2).get("f"));
        assertEquals(1L, maxs.get(2).get("f"));

        DataFrame none = DataFrame.create(flags, allocator);
        List<Map<String, Number>> noneMax = none.max().sinkToList();
        try (Frame f = Frame.fromRows(flags, List.of(new Object[] {false}, new Object[] {false}), allocator)) {
            none.emit(f);
        }
        assertEquals(0L, noneMax.get(0).get("f"));
    }

    @Test
    void windowedReductionsTakeBooleanRowsOutAsTheyLeave() {
        DataFrame sdf = DataFrame.create(schema, allocator);
        WindowAggregate<?, Object> sum = sdf.window(3).sum();
        WindowAggregate<?, Object> mean = sdf.window(3).mean();
        WindowAggregate<?, Object> var = sdf.window(3).var(1);
        List<Object> sums = sum.sinkToList();
        List<Object> means = mean.sinkToList();
        List<Object> vars = var.sinkToList();
        emitBoth(sdf);
        sum.destroy();
        mean.destroy();
        var.destroy();

        assertEquals(List.of("i", "f", "x"), new ArrayList<>(((Map<?, ?>) sums.get(1)).keySet()));
        assertEquals(2L, ((Map<?, ?>) sums.get(0)).get("f"));
        // (2, F) left the window: the last three rows are all true
        assertEquals(3L, ((Map<?, ?>) sums.get(1)).get("f"));
        assertEquals(1.0, d(means.get(1), "f"), EPS);
        assertEquals(0.0, d(vars.get(1), "f"), EPS);
        assertEquals(1.0 / 3, d(vars.get(0), "f"), EPS);
    }

    @Test
    void selectionsReduceTheBooleanRowsTheyKeep() {
        DataFrame sdf = DataFrame.create(schema, allocator);
        // a comparison with a number: a filtered selection, reduced in one pass with the filter, the
        // boolean column first among those reduced
        DataFrame fix = sdf.select(List.of("f", "i", "x"));
        DataFrame filtered = fix.where(fix.col("i").gt(1L));
        List<Map<String, Number>> fSums = filtered.sum().sinkToList();
        List<Map<String, Number>> fMins = filtered.min().sinkToList();
        List<Map<String, Number>> fCounts = filtered.count().sinkToList();
        // a boolean column as the mask: a masked selection
        DataFrame masked = sdf.where(sdf.col("f").not());
        List<Map<String, Number>> mSums = masked.sum().sinkToList();
        List<Map<String, Number>> mMaxs = masked.max().sinkToList();
        emitBoth(sdf);

        assertEquals(List.of("f", "i", "x"), new ArrayList<>(fSums.get(0).keySet()));
        assertEquals(1L, fSums.get(0).get("f"), "rows 2 (F) and 3 (T)");
        assertEquals(3L, fSums.get(1).get("f"));
        assertEquals(14L, fSums.get(1).get("i"));
        assertEquals(0L, fMins.get(1).get("f"));
        assertEquals(4L, fCounts.get(1).get("f"));
        assertEquals(0L, mSums.get(1).get("f"), "only the false row");
        assertEquals(2L, mSums.get(1).get("i"));
        assertEquals(0L, mMaxs.get(1).get("f"));
    }

    @Test
    void groupbyTakesBooleanValueColumnsByDefaultAndByName() {
        DataFrame sdf = DataFrame.create(schema, allocator);
        List<GroupResult> sums = sdf.groupby("name").sum().sinkToList();
        List<GroupResult> means = sdf.groupby("name").col("f").mean().sinkToList();
        List<GroupResult> counts = sdf.groupby("name").col("f").count().sinkToList();
        List<GroupResult> vars = sdf.groupby("name").col("f").var(1).sinkToList();
        List<GroupResult> mins = sdf.groupby("name").min().sinkToList();
        List<GroupResult> maxs = sdf.groupby("name").col("f").max().sinkToList();
        emitBoth(sdf);

        GroupResult sum = sums.get(1);
        assertEquals(List.of("i", "f", "x"), sum.columnNames());
        assertEquals(2.0, sum.get("f", "a").doubleValue(), "pandas' groupby sum counts the trues");
        assertEquals(2.0, sum.get("f", "b").doubleValue());
        assertEquals(0.0, sums.get(0).get("f", "b").doubleValue());
        assertEquals(1.0, means.get(1).get("f", "a").doubleValue(), EPS);
        assertEquals(2.0 / 3, means.get(1).get("f", "b").doubleValue(), EPS);
        assertEquals(3L, counts.get(1).get("f", "b").longValue());
        assertEquals(1.0 / 3, vars.get(1).get("f", "b").doubleValue(), EPS);
        assertEquals(0.0, vars.get(1).get("f", "a").doubleValue(), EPS);
        assertEquals(0.0, mins.get(1).get("f", "b").doubleValue());
        assertEquals(1.0, mins.get(1).get("f", "a").doubleValue());
        assertEquals(1.0, maxs.get(1).get("f", "b").doubleValue());
        assertEquals(0.0, maxs.get(0).get("f", "b").doubleValue());
    }

    @Test
    void groupbyShapesCountBooleanRowsOverManyWords() {
        // 200 rows a frame: the grouped bits are read a 64-row word at a time, with a partial last word
        Random random = new Random(3);
        String[] names = {"a", "b", "c"};
        List<List<Object[]>> frames = new ArrayList<>();
        Map<String, long[]> byName = new HashMap<>();
        Map<List<Object>, long[]> byPair = new HashMap<>();
        Map<Long, long[]> byParity = new HashMap<>();
        Map<String, long[]> selected = new HashMap<>();
        for (int k = 0; k < 3; k++) {
            List<Object[]> rows = new ArrayList<>();
            for (int r = 0; r < 200 + k; r++) {
                String name = names[random.nextInt(3)];
                long i = random.nextInt(10);
                boolean f = random.nextInt(3) == 0;
                rows.add(row(name, i, f, 1.0));
                int bit = f ? 1 : 0;
                tally(byName, name, bit);
                tally(byPair, List.of(name, i % 2 == 0), bit);
                tally(byParity, i % 2, bit);
                if (i > 4) {
                    tally(selected, name, bit);
                }
            }
            frames.add(rows);
        }
        DataFrame sdf = DataFrame.create(schema, allocator);
        DataFrame even = sdf.assign("even", sdf.col("i").mod(2L).eq(0L));
        List<GroupResult> plain = sdf.groupby("name").col("f").sum().sinkToList();
        List<GroupResult> pairs = even.groupby(List.of("name", "even")).col("f").mean().sinkToList();
        List<GroupResult> computed = sdf.groupby(sdf.col("i").mod(2L)).col("f").sum().sinkToList();
        DataFrame high = sdf.where(sdf.col("i").gt(4L));
        List<GroupResult> filtered = high.groupby("name").col("f").sum().sinkToList();
        for (List<Object[]> rows : frames) {
            try (Frame f = Frame.fromRows(schema, rows, allocator)) {
                sdf.emit(f);
            }
        }

        GroupResult last = plain.get(2);
        byName.forEach((name, t) -> assertEquals(t[0], last.get("f", name).longValue(), "trues of " + name));
        GroupResult lastPairs = pairs.get(2);
        byPair.forEach((key, t) -> assertEquals((double) t[0] / t[1], lastPairs.get("f", key).doubleValue(), EPS,
                "mean of " + key));
        GroupResult lastComputed = computed.get(2);
        byParity.forEach((parity, t) -> assertEquals(t[0], lastComputed.get("f", parity).longValue(),
                "trues of i % 2 == " + parity));
        GroupResult lastFiltered = filtered.get(2);
        selected.forEach((name, t) -> assertEquals(t[0], lastFiltered.get("f", name).longValue(),
                "trues of " + name + " where i > 4"));
    }

    /** Adds a row's bit to its key's {trues, rows}. */
    private static <K> void tally(Map<K, long[]> m, K key, int bit) {
        long[] t = m.computeIfAbsent(key, k -> new long[2]);
        t[0] += bit;
        t[1]++;
    }

    @Test
    void windowedGroupbyTakesBooleanRowsOutAsTheyLeave() {
        DataFrame sdf = DataFrame.create(schema, allocator);
        var sum = sdf.window(3).groupby("name").sum();
        var mean = sdf.window(3).groupby("name").col("f").mean();
        List<Object> sums = sum.sinkToList();
        List<Object> means = mean.sinkToList();
        emitBoth(sdf);
        sum.destroy();
        mean.destroy();

        GroupResult after = (GroupResult) sums.get(1);
        assertEquals(List.of("i", "f", "x"), after.columnNames());
        // the window holds (a, 3, T), (b, 4, T), (b, 5, T): b's false row left it
        assertEquals(1.0, after.get("f", "a").doubleValue());
        assertEquals(2.0, after.get("f", "b").doubleValue());
        assertEquals(0.0, ((GroupResult) sums.get(0)).get("f", "b").doubleValue());
        assertEquals(1.0, ((GroupResult) means.get(1)).get("f", "b").doubleValue(), EPS);
    }
}
