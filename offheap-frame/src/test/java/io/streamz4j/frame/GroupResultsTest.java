package io.streamz4j.frame;

import io.streamz4j.frame.groupby.GroupAggregate;
import io.streamz4j.frame.groupby.GroupResult;
import io.streamz4j.frame.window.WindowGroupAggregate;

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
 * pandas' methods chained on updating groupby results, as streamz applies them to each update
 * ({@code sdf.groupby('y').x.sum().nlargest(2)}, {@code .tail(2)}): the expectations are what
 * streamz 0.6.4 with pandas 1.5.3 prints for frames [1, -2, 3, 4 | y 1, 2, 1, 3] and
 * [-5, 6, 7 | y 2, 2, 3], and pandas' ordering rules (ties keep key order, NaN last).
 */
class GroupResultsTest {
    private final BufferAllocator allocator = new RootAllocator();
    private final Schema schema = Schema.builder().add("x", ColumnType.DOUBLE).add("y", ColumnType.LONG).build();

    @AfterEach
    void closeAllocator() {
        allocator.close();
    }

    private void emitBatches(DataFrame df) {
        for (List<Object[]> rows : List.of(
                List.of(new Object[] {1.0, 1L}, new Object[] {-2.0, 2L}, new Object[] {3.0, 1L}, new Object[] {4.0, 3L}),
                List.of(new Object[] {-5.0, 2L}, new Object[] {6.0, 2L}, new Object[] {7.0, 3L}))) {
            try (Frame f = Frame.fromRows(schema, rows, allocator)) {
                df.emit(f);
            }
        }
    }

    private static Map<Object, Number> ordered(Object... kv) {
        Map<Object, Number> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], (Number) kv[i + 1]);
        }
        return m;
    }

    /** The results as ordered key -> value maps, with their order checked too. */
    private static List<List<Object>> entries(List<GroupResult> results) {
        List<List<Object>> out = new ArrayList<>();
        for (GroupResult r : results) {
            out.add(new ArrayList<>(r.asMap().entrySet()));
        }
        return out;
    }

    @Test
    void nlargestOfAGroupedSumAfterEveryFrame() {
        DataFrame df = DataFrame.create(schema, allocator);
        List<GroupResult> out = new ArrayList<>();
        df.groupby("y").col("x").sum().nlargest(2).sink(out::add);
        emitBatches(df);
        // streamz: {1: 4.0, 3: 4.0} (a tie: key order), then {3: 11.0, 1: 4.0}
        assertEquals(List.of(new ArrayList<>(ordered(1L, 4.0, 3L, 4.0).entrySet()),
                new ArrayList<>(ordered(3L, 11.0, 1L, 4.0).entrySet())), entries(out));
    }

    @Test
    void tailOfAGroupedSumAfterEveryFrame() {
        DataFrame df = DataFrame.create(schema, allocator);
        List<GroupResult> out = new ArrayList<>();
        df.groupby("y").col("x").sum().tail(2).sink(out::add);
        emitBatches(df);
        assertEquals(List.of(new ArrayList<>(ordered(2L, -2.0, 3L, 4.0).entrySet()),
                new ArrayList<>(ordered(2L, -1.0, 3L, 11.0).entrySet())), entries(out));
    }

    @Test
    void chainsCompose() {
        DataFrame df = DataFrame.create(schema, allocator);
        List<GroupResult> out = new ArrayList<>();
        df.groupby("y").col("x").sum().nsmallest(3).head(2).sink(out::add);
        emitBatches(df);
        assertEquals(new ArrayList<>(ordered(2L, -1.0, 1L, 4.0).entrySet()), entries(out).get(1));
    }

    @Test
    void orderingFollowsPandasTiesAndNaN() {
        // pandas: Series([3, 1, nan, 3, 2, 1], index=[5, 1, 2, 3, 4, 0]) in key order 0..5 here
        GroupResult r = new GroupResult("k", List.of(0L, 1L, 2L, 3L, 4L, 5L),
                Map.of("v", List.of(1.0, 1.0, Double.NaN, 3.0, 2.0, 3.0)));
        assertEquals(List.of(3L, 5L), r.nlargest(2).keys());
        assertEquals(List.of(3L, 5L, 4L, 0L, 1L, 2L), r.nlargest(10).keys());
        assertEquals(List.of(0L, 1L, 4L, 3L, 5L, 2L), r.nsmallest(10).keys());
        assertEquals(List.of(), r.nsmallest(0).keys());
        assertEquals(List.of(4L, 5L), r.tail(2).keys());
        assertEquals(List.of(0L, 1L), r.head(2).keys());
        assertEquals(List.of(3.0, 3.0), r.nlargest(2).values("v"));
    }

    @Test
    void countsCompareAsIntegersAndOtherColumnsFollowTheRows() {
        GroupResult r = new GroupResult("k", List.of("a", "b", "c"), Map.of(
                "n", List.of(9_007_199_254_740_993L, 9_007_199_254_740_992L, 1L), "m", List.of(1.0, 2.0, 3.0)));
        // 2^53 + 1 and 2^53 are one double apart from nothing: compared as longs
        assertEquals(List.of("a", "b"), r.nlargest(2, "n").keys());
        assertEquals(List.of(1.0, 2.0), r.nlargest(2, "n").values("m"));
        assertEquals(List.of("c", "b"), r.nlargest(2, "m").keys());
    }

    @Test
    void valueCountsChainToo() {
        DataFrame df = DataFrame.create(schema, allocator);
        List<GroupResult> out = new ArrayList<>();
        df.col("y").valueCounts().nlargest(1).sink(out::add);
        emitBatches(df);
        assertEquals(ordered(2L, 3L), out.get(1).asMap());
    }

    @Test
    void windowedGroupbyResultsChainToo() {
        DataFrame df = DataFrame.create(schema, allocator);
        List<GroupResult> out = new ArrayList<>();
        io.streamz4j.frame.window.WindowGroupAggregate sums = df.window(4).groupby("y").col("x").sum();
        io.streamz4j.Stream<GroupResult> top = sums.nlargest(1);
        top.sink(out::add);
        emitBatches(df);
        // the last 4 rows: 4 (y 3), -5 (y 2), 6 (y 2), 7 (y 3): y 3 sums 11
        assertEquals(ordered(3L, 11.0), out.get(1).asMap());
        sums.destroy(); // the window holds frames until its node is destroyed
        assertThrows(IllegalArgumentException.class,
                () -> df.window(4).withState().groupby("y").col("x").sum().nlargest(1));
    }

    @Test
    void badArgumentsFailWhenTheChainIsBuilt() {
        DataFrame df = DataFrame.create(schema, allocator);
        GroupAggregate sums = df.groupby("y").col("x").sum();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> sums.nlargest(-1)).getMessage().contains("n"));
        assertThrows(IllegalArgumentException.class, () -> sums.tail(-1));
        assertThrows(IllegalArgumentException.class, () -> sums.nlargest(2, "nope"));
        GroupAggregate both = df.groupby("y").select(List.of("x")).sum();
        assertEquals(List.of("x"), both.resultColumns());
        GroupAggregate wide = DataFrame.create(Schema.builder().add("a", ColumnType.DOUBLE).add("b", ColumnType.DOUBLE)
                .add("k", ColumnType.LONG).build(), allocator).groupby("k").sum();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> wide.nlargest(1)).getMessage().contains("[a, b]"));
        wide.nlargest(1, "b");
    }
}
