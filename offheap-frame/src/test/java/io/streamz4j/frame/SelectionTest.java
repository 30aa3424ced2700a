package io.streamz4j.frame;

import io.streamz4j.frame.groupby.GroupResult;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A filtered frame ({@code df[mask]}) is a selection over its source's columns, and every reduction
 * and groupby reads through the mask: each result here is checked against the same statistic of
 * the selected rows computed in plain Java (and against an eagerly gathered copy), for some, none
 * and all rows selected, chained filters, NaN in and out of the selection, frames crossing a
 * buffer to another thread and a window. Each test closes its allocator, which fails on a leak.
 * Mirrors the filtering half of test_dataframes.py::test_filter / test_reductions and
 * test_groupby_aggregate over a filtered frame.
 */
class SelectionTest {
    private final BufferAllocator allocator = new RootAllocator();
    private final Schema schema = Schema.builder().add("name", ColumnType.STRING).add("x", ColumnType.DOUBLE)
            .add("i", ColumnType.LONG).build();

    @AfterEach
    void closeAllocator() {
        allocator.close();
    }

    private List<Object[]> rows(long seed, int n) {
        Random r = new Random(seed);
        List<Object[]> out = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            double x = r.nextInt(20) == 0 ? Double.NaN : r.nextDouble() * 200 - 100;
            out.add(new Object[] {"n" + r.nextInt(5), x, (long) r.nextInt(1000) - 500});
        }
        return out;
    }

    private static List<Object[]> keep(List<Object[]> rows, Predicate<Object[]> p) {
        List<Object[]> out = new ArrayList<>();
        for (Object[] row : rows) {
            if (p.test(row)) {
                out.add(row);
            }
        }
        return out;
    }

    /** Emits each frame of rows into df and returns the last value {@code build} emitted. */
    private <T> T last(List<List<Object[]>> batches, Function<DataFrame, io.streamz4j.Stream<T>> build) {
        DataFrame df = DataFrame.create(schema, allocator);
        List<T> out = new ArrayList<>();
        build.apply(df).sink(out::add);
        for (List<Object[]> b : batches) {
            try (Frame f = Frame.fromRows(schema, b, allocator)) {
                df.emit(f);
            }
        }
        return out.get(out.size() - 1);
    }

    private static double x(Object[] row) {
        return (Double) row[1];
    }

    @Test
    void everyReductionOfAFilteredSeriesMatchesTheSelectedRows() {
        List<List<Object[]>> batches = List.of(rows(1, 1000), rows(2, 77), rows(3, 513));
        List<Object[]> all = new ArrayList<>();
        batches.forEach(all::addAll);
        List<Object[]> sel = keep(all, r -> x(r) > 10);
        double sum = 0;
        double squares = 0;
        long count = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        long intSum = 0;
        for (Object[] r : sel) {
            sum += x(r);
            squares += x(r) * x(r);
            count++;
            min = Math.min(min, x(r));
            max = Math.max(max, x(r));
            intSum += (Long) r[2];
        }
        Function<DataFrame, Series> fx = df -> df.where(df.col("x").gt(10.0)).col("x");
        Function<DataFrame, Series> fi = df -> df.where(df.col("x").gt(10.0)).col("i");
        assertEquals(sum, last(batches, df -> fx.apply(df).sum()).doubleValue(), 1e-9 * Math.abs(sum));
        assertEquals(sum / count, last(batches, df -> fx.apply(df).mean()).doubleValue(), 1e-9);
        assertEquals(count, last(batches, df -> fx.apply(df).count()).longValue());
        assertEquals((long) sel.size(), last(batches, df -> fx.apply(df).size()).longValue());
        assertEquals(min, last(batches, df -> fx.apply(df).min()).doubleValue());
        assertEquals(max, last(batches, df -> fx.apply(df).max()).doubleValue());
        double var = (squares / count - (sum / count) * (sum / count)) * count / (count - 1);
        assertEquals(var, last(batches, df -> fx.apply(df).var(1)).doubleValue(), 1e-9 * var);
        assertEquals(Math.sqrt(var), last(batches, df -> fx.apply(df).std(1)).doubleValue(), 1e-9);
        assertEquals(intSum, last(batches, df -> fi.apply(df).sum()).longValue());
    }

    @Test
    void nanOnlyOutsideOrInsideTheSelectionCountsAsPandasDoes() {
        List<Object[]> rows = List.of(new Object[] {"a", Double.NaN, 1L}, new Object[] {"a", 2.0, 2L},
                new Object[] {"b", 3.0, 3L}, new Object[] {"b", Double.NaN, 4L});
        // i > 1 selects one NaN and two numbers: the NaN is skipped in the sum and the count
        Function<DataFrame, Series> sel = df -> df.where(df.col("i").gt(1L)).col("x");
        assertEquals(5.0, last(List.of(rows), df -> sel.apply(df).sum()).doubleValue());
        assertEquals(2L, last(List.of(rows), df -> sel.apply(df).count()).longValue());
        assertEquals(3L, last(List.of(rows), df -> sel.apply(df).size()).longValue());
        // i in (1, 4) selects no NaN though the frame holds two
        Function<DataFrame, Series> clean = df -> df.where(df.col("i").gt(1L).and(df.col("i").lt(4L))).col("x");
        assertEquals(5.0, last(List.of(rows), df -> clean.apply(df).sum()).doubleValue());
        assertEquals(2L, last(List.of(rows), df -> clean.apply(df).count()).longValue());
    }

    @Test
    void groupbyOfAFilteredFrameHasOnlyTheSelectedRowsGroups() {
        List<Object[]> rows = rows(4, 2000);
        Predicate<Object[]> p = r -> (Long) r[2] > 0 && !"n3".equals(r[0]);
        Map<Object, Double> sums = new TreeMap<>();
        Map<Object, Long> counts = new TreeMap<>();
        for (Object[] r : keep(rows, p)) {
            counts.merge(r[0], x(r) == x(r) ? 1L : 0L, Long::sum);
            sums.merge(r[0], x(r) == x(r) ? x(r) : 0.0, Double::sum);
        }
        Function<DataFrame, DataFrame> filtered = df -> df.where(df.col("i").gt(0L).and(df.col("name").ne("n3")));
        GroupResult sum = last(List.of(rows), df -> filtered.apply(df).groupby("name").col("x").sum());
        GroupResult count = last(List.of(rows), df -> filtered.apply(df).groupby("name").col("x").count());
        GroupResult mean = last(List.of(rows), df -> filtered.apply(df).groupby("name").col("x").mean());
        assertEquals(new ArrayList<>(sums.keySet()), sum.keys(), "n3 appears only in unselected rows: no group");
        for (Object k : sums.keySet()) {
            assertEquals(sums.get(k), sum.get("x", k).doubleValue(), 1e-9);
            assertEquals(counts.get(k), count.get("x", k).longValue());
            assertEquals(sums.get(k) / counts.get(k), mean.get("x", k).doubleValue(), 1e-9);
        }
    }

    @Test
    void anEmptySelectionReducesToNothing() {
        List<Object[]> rows = rows(5, 300);
        Function<DataFrame, DataFrame> none = df -> df.where(df.col("i").gt(10_000L));
        assertEquals(0.0, last(List.of(rows), df -> none.apply(df).col("x").sum()).doubleValue());
        assertEquals(0L, last(List.of(rows), df -> none.apply(df).col("x").count()).longValue());
        assertEquals(List.of(), last(List.of(rows), df -> none.apply(df).groupby("name").col("x").sum()).keys());
        List<Integer> sizes = new ArrayList<>();
        DataFrame df = DataFrame.create(schema, allocator);
        none.apply(df).stream().sink(f -> sizes.add(f.toRecords().size()));
        try (Frame f = Frame.fromRows(schema, rows, allocator)) {
            df.emit(f);
        }
        assertEquals(List.of(0), sizes, "an empty selection gathers to zero rows");
    }

    @Test
    void selectingEveryRowOfAnIndexedFrameHandsOnTheSourceItself() {
        Schema indexed = schema.withIndex(Field.of("k", ColumnType.LONG));
        List<Object[]> rows = new ArrayList<>();
        for (Object[] r : rows(6, 100)) {
            rows.add(new Object[] {r[0], r[1], r[2], (long) rows.size() * 3});
        }
        List<Frame> seen = new ArrayList<>();
        DataFrame df = DataFrame.create(indexed, allocator);
        // ~ makes the predicate a mask (not a filter of comparisons), evaluated as the frame passes
        df.where(df.col("i").le(-1000L).not()).stream().sink(seen::add);
        try (Frame f = Frame.fromRows(indexed, rows, allocator)) {
            df.emit(f);
            assertSame(f, seen.get(0), "no selection and no copy when every row is selected");
        }
    }

    @Test
    void selectingEveryRowOfARangeIndexedFrameSharesItsColumnsAndLabelsTheRows() {
        List<Column> sourceX = new ArrayList<>();
        List<Boolean> shared = new ArrayList<>();
        List<Long> lastLabel = new ArrayList<>();
        DataFrame df = DataFrame.create(schema, allocator);
        df.where(df.col("i").le(-1000L).not()).stream().sink(f -> {
            shared.add(f.column("x") == sourceX.get(0) && f.selectionMask() == null);
            lastLabel.add(f.index().getLong(f.rows() - 1));
        });
        try (Frame f = Frame.fromRows(schema, rows(6, 100), allocator)) {
            sourceX.add(f.column("x"));
            df.emit(f);
        }
        assertEquals(List.of(true), shared, "no copy of the columns and no mask to read through when every row is selected");
        assertEquals(List.of(99L), lastLabel, "the rows keep their labels 0..99");
    }

    @Test
    void aFilterKeepingEveryRowSharesTheSourceColumns() {
        List<Boolean> shared = new ArrayList<>();
        DataFrame df = DataFrame.create(schema, allocator);
        df.where(df.col("i").gt(-1000L)).stream().sink(f -> {
            Frame source = f.unfiltered();
            shared.add(f.rows() == source.rows() && f.column("x") == source.column("x")
                    && f.column("name") == source.column("name"));
        });
        try (Frame f = Frame.fromRows(schema, rows(6, 100), allocator)) {
            df.emit(f);
        }
        assertEquals(List.of(true), shared, "every row kept: the columns are the source's, not copies");
    }

    @Test
    void chainedWhereCombinesMasksOverTheOriginalFrame() {
        List<Object[]> rows = rows(7, 1500);
        List<Frame> seen = new ArrayList<>();
        DataFrame df = DataFrame.create(schema, allocator);
        DataFrame once = df.where(df.col("x").gt(0.0));
        DataFrame twice = once.where(once.col("i").lt(100L));
        twice.stream().sink(f -> {
            assertTrue(f.selectionMask() != null, "a selection, not a copy");
            assertNotSame(f, f.unfiltered());
            assertTrue(f.unfiltered().selectionMask() == null, "over the plain source, not over a selection");
            seen.add(f);
        });
        List<Double> sums = new ArrayList<>();
        twice.col("x").sum().sink(s -> sums.add(s.doubleValue()));
        List<Map<String, Object>> records = new ArrayList<>();
        twice.stream().sink(f -> records.addAll(f.toRecords()));
        try (Frame f = Frame.fromRows(schema, rows, allocator)) {
            df.emit(f);
        }
        List<Object[]> sel = keep(rows, r -> x(r) > 0 && (Long) r[2] < 100);
        double expected = 0;
        for (Object[] r : sel) {
            expected += x(r);
        }
        assertEquals(expected, sums.get(0), 1e-9 * Math.abs(expected));
        assertEquals(sel.size(), records.size());
        for (int k = 0; k < sel.size(); k++) {
            assertEquals(sel.get(k)[0], records.get(k).get("name"));
            assertEquals(sel.get(k)[1], records.get(k).get("x"));
            assertEquals(sel.get(k)[2], records.get(k).get("i"));
        }
        assertEquals(1, seen.size());
    }

    @Test
    void aSelectionCrossingABufferIsGatheredOnTheConsumerAndFreedAfter() throws InterruptedException {
        List<Object[]> rows = rows(8, 400);
        DataFrame df = DataFrame.create(schema, allocator);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(2);
        List<Double> sums = new CopyOnWriteArrayList<>();
        df.where(df.col("x").lt(0.0)).stream().buffer(4).sink(f -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            double s = 0;
            for (double v : f.doubles("x")) {
                s += v;
            }
            sums.add(s);
            done.countDown();
        });
        try (Frame a = Frame.fromRows(schema, rows, allocator); Frame b = Frame.fromRows(schema, rows, allocator)) {
            df.emit(a);
            df.emit(b);
        }
        assertTrue(allocator.getAllocatedMemory() > 0, "the selections keep their sources alive in the buffer");
        go.countDown();
        assertTrue(done.await(10, TimeUnit.SECONDS));
        double expected = 0;
        for (Object[] r : keep(rows, r -> x(r) < 0)) {
            expected += x(r);
        }
        assertEquals(List.of(expected, expected), sums);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (allocator.getAllocatedMemory() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(0, allocator.getAllocatedMemory(), "source, mask and gathered column freed once let go");
        df.stream().destroy();
    }

    @Test
    void aWindowOverFilteredFramesAddsAndTakesBackOnlySelectedRows() {
        List<List<Object[]>> batches = List.of(rows(9, 500), rows(10, 500), rows(11, 500));
        DataFrame df = DataFrame.create(schema, allocator);
        DataFrame pos = df.where(df.col("i").ge(0L));
        List<Object> sums = new ArrayList<>();
        List<Object> groups = new ArrayList<>();
        var sum = pos.window(200).col("i").sum();
        sum.sink(sums::add);
        var byName = pos.window(200).groupby("name").col("i").sum();
        byName.sink(groups::add);
        List<Object[]> seen = new ArrayList<>();
        for (List<Object[]> b : batches) {
            try (Frame f = Frame.fromRows(schema, b, allocator)) {
                df.emit(f);
            }
            seen.addAll(keep(b, r -> (Long) r[2] >= 0));
        }
        List<Object[]> window = seen.subList(seen.size() - 200, seen.size());
        long expected = 0;
        Map<Object, Long> perName = new TreeMap<>();
        for (Object[] r : window) {
            expected += (Long) r[2];
            perName.merge(r[0], (Long) r[2], Long::sum);
        }
        assertEquals(expected, ((Number) sums.get(2)).longValue());
        GroupResult g = (GroupResult) groups.get(2);
        assertEquals(new ArrayList<>(perName.keySet()), g.keys());
        for (Object k : perName.keySet()) {
            assertEquals(perName.get(k).doubleValue(), g.get("i", k).doubleValue(), 1e-9);
        }
        sum.destroy();
        byName.destroy();
    }

    @Test
    void aSelectionRefusesAWrongMaskAndReleasesIt() {
        try (Frame f = Frame.fromRows(schema, rows(12, 10), allocator)) {
            Column wrong = f.column("i").retain();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Frame.selecting(f, wrong, 1, allocator));
            assertTrue(e.getMessage().contains("'i'"), e.getMessage());
            assertEquals(1, f.column("i").refCount(), "the refused mask's reference was dropped");
        }
    }
}
