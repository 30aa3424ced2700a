package io.streamz4j.frame;

import io.streamz4j.Stream;
import io.streamz4j.frame.groupby.GroupResult;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ports of streamz/dataframe/tests/test_dataframes.py cases (the "core" stream parameter; Dask
 * streams are out of scope). Every test closes its allocator, which fails on any leaked buffer.
 */
class DataFramesTest {
    private final BufferAllocator allocator = new RootAllocator();
    private final Schema xy = Schema.builder().add("x", ColumnType.LONG).add("y", ColumnType.LONG).build();

    @AfterEach
    void closeAllocator() {
        allocator.close();
    }

    /** pandas' DataFrame({'x': xs, 'y': ys}) as a frame of {@code schema}. */
    private Frame frame(Schema schema, long[] xs, long[] ys) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            rows.add(new Object[] {xs[i], ys[i]});
        }
        return Frame.fromRows(schema, rows, allocator);
    }

    private Frame df123() {
        return frame(xy, new long[] {1, 2, 3}, new long[] {4, 5, 6});
    }

    /** Mirrors test_dataframes.py::test_reductions (sum, mean, count, size; DataFrame and Series). */
    @Test
    void test_reductions() {
        DataFrame sdf = DataFrame.create(xy, allocator);
        List<Map<String, Number>> sums = sdf.sum().sinkToList();
        List<Map<String, Number>> means = sdf.mean().sinkToList();
        List<Map<String, Number>> counts = sdf.count().sinkToList();
        List<Long> sizes = sdf.size().sinkToList();
        List<Number> xSum = sdf.col("x").sum().sinkToList();
        List<Number> xMean = sdf.col("x").mean().sinkToList();
        List<Number> xCount = sdf.col("x").count().sinkToList();
        List<Number> xSize = sdf.col("x").size().sinkToList();
        try (Frame df = df123()) {
            sdf.emit(df);
            sdf.emit(df);
        }
        assertEquals(Map.of("x", 12L, "y", 30L), sums.get(1));
        assertEquals(Map.of("x", 2.0, "y", 5.0), means.get(1));
        assertEquals(Map.of("x", 6L, "y", 6L), counts.get(1));
        assertEquals(12L, sizes.get(1));
        assertEquals(12L, xSum.get(1));
        assertEquals(2.0, xMean.get(1));
        assertEquals(6L, xCount.get(1));
        assertEquals(6L, xSize.get(1));
    }

    /** Mirrors test_dataframes.py::test_stream_to_dataframe. */
    @Test
    void test_stream_to_dataframe() {
        Stream<Frame> source = new Stream<>();
        List<Number> out = DataFrame.of(source, xy, allocator).col("x").sum().sinkToList();
        try (Frame df = df123()) {
            source.emit(df);
            source.emit(df);
            source.emit(df);
        }
        assertEquals(List.of(6L, 12L, 18L), out);
    }

    /** Mirrors test_dataframes.py::test_getitem: df[df.x > 4] over two batches. */
    @Test
    void test_getitem() {
        DataFrame a = DataFrame.create(xy, allocator);
        List<List<Map<String, Object>>> out = new ArrayList<>();
        a.where(a.col("x").gt(4)).stream().sink(f -> out.add(f.toRecords()));
        long[] xs = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        long[] ones = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
        try (Frame first = frame(xy, java.util.Arrays.copyOfRange(xs, 0, 5), java.util.Arrays.copyOfRange(ones, 0, 5));
             Frame second = frame(xy, java.util.Arrays.copyOfRange(xs, 5, 10), java.util.Arrays.copyOfRange(ones, 5, 10))) {
            a.emit(first);
            a.emit(second);
        }
        assertEquals(2, out.size());
        assertEquals(List.of(), out.get(0));
        assertEquals(List.of(5L, 6L, 7L, 8L, 9L), out.get(1).stream().map(r -> r.get("x")).toList());
    }

    /** Mirrors test_dataframes.py::test_cumulative_aggregations (cumsum, cummax, cumprod, cummin; batches of 3, then an empty one). */
    @Test
    void test_cumulative_aggregations() {
        DataFrame sdf = DataFrame.create(xy, allocator);
        List<Long> sum = new ArrayList<>();
        List<Long> prod = new ArrayList<>();
        List<Long> min = new ArrayList<>();
        List<Long> max = new ArrayList<>();
        sdf.col("x").cumsum().stream().sink(f -> f.toRecords().forEach(r -> sum.add((Long) r.get("x"))));
        sdf.cumprod().stream().sink(f -> f.toRecords().forEach(r -> prod.add((Long) r.get("x"))));
        sdf.cummin().stream().sink(f -> f.toRecords().forEach(r -> min.add((Long) r.get("x"))));
        sdf.cummax().stream().sink(f -> f.toRecords().forEach(r -> max.add((Long) r.get("x"))));
        for (int i = 0; i < 10; i += 3) {
            int end = Math.min(10, i + 3);
            long[] xs = new long[end - i];
            long[] ys = new long[end - i];
            for (int j = i; j < end; j++) {
                xs[j - i] = j;
                ys[j - i] = 1;
            }
            try (Frame f = frame(xy, xs, ys)) {
                sdf.emit(f);
            }
        }
        try (Frame empty = frame(xy, new long[0], new long[0])) {
            sdf.emit(empty);
        }
        assertEquals(List.of(0L, 1L, 3L, 6L, 10L, 15L, 21L, 28L, 36L, 45L), sum);
        assertEquals(List.of(0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L), prod);
        assertEquals(List.of(0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L), min);
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), max);
    }

    /** Mirrors test_dataframes.py::test_groupby_aggregate_with_start_state's first half (sum, mean, count by name). */
    @Test
    void test_groupby_aggregate() {
        Schema schema = Schema.builder().add("name", ColumnType.STRING).add("amount", ColumnType.DOUBLE).build();
        DataFrame sdf = DataFrame.create(schema, allocator);
        List<GroupResult> sums = sdf.groupby("name").col("amount").sum().sinkToList();
        List<GroupResult> means = sdf.groupby("name").col("amount").mean().sinkToList();
        List<GroupResult> counts = sdf.groupby("name").col("amount").count().sinkToList();
        try (Frame a = Frame.fromRows(schema, List.of(new Object[] {"Alice", 50.0}, new Object[] {"Tom", 100.0}), allocator);
             Frame b = Frame.fromRows(schema, List.of(new Object[] {"Alice", 50.0}, new Object[] {"Tom", 100.0},
                     new Object[] {"Linda", 200.0}), allocator)) {
            sdf.emit(a);
            sdf.emit(b);
        }
        assertEquals(Map.of("Alice", 50.0, "Tom", 100.0), sums.get(0).asMap());
        assertEquals(List.of("Alice", "Linda", "Tom"), sums.get(1).keys());
        assertEquals(List.of(100.0, 200.0, 200.0), sums.get(1).values("amount"));
        assertEquals(List.of(50.0, 200.0, 100.0), means.get(1).values("amount"));
        assertEquals(List.of(2L, 1L, 2L), counts.get(1).values("amount"));
    }

    /** Mirrors test_dataframes.py::test_reductions_with_start_state. */
    @Test
    void test_reductions_with_start_state() {
        Schema schema = Schema.builder().add("name", ColumnType.STRING).add("amount", ColumnType.DOUBLE).build();
        DataFrame sdf = DataFrame.create(schema, allocator);
        List<Number> mean = sdf.col("amount").mean(10, 2).sinkToList();
        List<Number> count = sdf.col("amount").count(3).sinkToList();
        List<Number> sum = sdf.col("amount").sum(10).sinkToList();
        try (Frame f = Frame.fromRows(schema, List.of(new Object[] {"Alice", 50.0}, new Object[] {"Tom", 100.0},
                new Object[] {"Linda", 200.0}), allocator)) {
            sdf.emit(f);
        }
        assertEquals(72.0, mean.get(0));
        assertEquals(6L, count.get(0));
        assertEquals(360.0, sum.get(0));
    }

    /** Mirrors test_dataframes.py::test_exceptions and adds the column-naming contract: nothing accepted is lost. */
    @Test
    void test_exceptions() {
        DataFrame sdf = DataFrame.create(xy, allocator);
        List<Number> sums = sdf.col("x").sum().sinkToList();
        try (Frame ok = df123()) {
            sdf.emit(ok);
        }
        Schema wrong = Schema.builder().add("x", ColumnType.DOUBLE).add("y", ColumnType.LONG).build();
        try (Frame bad = Frame.fromRows(wrong, List.<Object[]>of(new Object[] {1.0, 2L}), allocator)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sdf.emit(bad));
            assertTrue(e.getMessage().contains("'x'"), e.getMessage());
        }
        IllegalArgumentException notFrame = assertThrows(IllegalArgumentException.class,
                () -> ((Stream<Object>) (Stream<?>) sdf.stream().upstream()).emit(1));
        assertTrue(notFrame.getMessage().contains("not a Frame"), notFrame.getMessage());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> sdf.col("z"));
        assertTrue(unknown.getMessage().contains("'z'"), unknown.getMessage());
        try (Frame ok = df123()) {
            sdf.emit(ok);
        }
        assertEquals(List.of(6L, 12L), sums);
    }
}
