package io.streamz4j.frame;

import io.streamz4j.frame.agg.StateAndResult;
import io.streamz4j.frame.groupby.GroupAggregate;
import io.streamz4j.frame.groupby.GroupBy;
import io.streamz4j.frame.groupby.GroupResult;
import io.streamz4j.frame.groupby.GroupState;

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
 * streamz's {@code start=} and {@code with_state=True} on a plain groupby
 * ({@code sdf.groupby('y').x.mean(with_state=True)}, {@code .sum(start=...)}): the pairs carry
 * the state after each frame, and a groupby started from one goes on exactly as the original,
 * including groups only the state has. Expected values: streamz 0.6.4 with pandas 1.5.3 on frames
 * [1, -2, 3, 4 | y 1, 2, 1, 3] and [-5, 6, 7 | y 2, 2, 3].
 */
class GroupByStateTest {
    private final BufferAllocator allocator = new RootAllocator();
    private final Schema schema = Schema.builder().add("x", ColumnType.DOUBLE).add("y", ColumnType.LONG).build();

    @AfterEach
    void closeAllocator() {
        allocator.close();
    }

    private void emit(DataFrame df, Object[]... rows) {
        try (Frame f = Frame.fromRows(schema, List.of(rows), allocator)) {
            df.emit(f);
        }
    }

    private void first(DataFrame df) {
        emit(df, new Object[] {1.0, 1L}, new Object[] {-2.0, 2L}, new Object[] {3.0, 1L}, new Object[] {4.0, 3L});
    }

    private void second(DataFrame df) {
        emit(df, new Object[] {-5.0, 2L}, new Object[] {6.0, 2L}, new Object[] {7.0, 3L});
    }

    @Test
    void withStateEmitsTheStateAndTheResult() {
        DataFrame df = DataFrame.create(schema, allocator);
        List<StateAndResult<GroupState, GroupResult>> out = new ArrayList<>();
        df.groupby("y").col("x").withState().mean().sink(out::add);
        first(df);
        second(df);
        assertEquals(Map.of(1L, 2.0, 2L, -2.0, 3L, 4.0), out.get(0).result().asMap());
        assertEquals(List.of(1L, 2L, 3L), out.get(1).result().keys());
        assertEquals(-1.0 / 3, out.get(1).result().get("x", 2L).doubleValue(), 1e-15);
        assertEquals(5.5, out.get(1).result().get("x", 3L).doubleValue(), 0);
        // the first pair's state is a copy: the second frame did not change it
        assertEquals(3, out.get(0).state().groups());
    }

    @Test
    void startingFromAnEmittedStateGoesOnAsTheOriginal() {
        DataFrame df = DataFrame.create(schema, allocator);
        List<StateAndResult<GroupState, GroupResult>> pairs = new ArrayList<>();
        List<GroupResult> whole = new ArrayList<>();
        df.groupby("y").col("x").withState().mean().sink(pairs::add);
        df.groupby("y").col("x").mean().sink(whole::add);
        first(df);

        DataFrame restarted = DataFrame.create(schema, allocator);
        List<GroupResult> resumed = new ArrayList<>();
        GroupBy from = restarted.groupby("y").col("x").start(pairs.get(0).state());
        from.mean().sink(resumed::add);
        List<GroupResult> twice = new ArrayList<>();
        from.mean().sink(twice::add); // one saved state seeds two aggregations
        second(df);
        second(restarted);
        assertEquals(whole.get(1).asMap(), resumed.get(0).asMap());
        assertEquals(whole.get(1).asMap(), twice.get(0).asMap());
    }

    @Test
    void aStartWithGroupsNotSeenAgainKeepsThem() {
        // streamz: sum(start=Series({1: 100.0, 5: 1.0})) emits groups 1, 2, 3, 5
        DataFrame seed = DataFrame.create(schema, allocator);
        GroupAggregate seeding = seed.groupby("y").col("x").sum();
        emit(seed, new Object[] {100.0, 1L}, new Object[] {1.0, 5L});
        DataFrame df = DataFrame.create(schema, allocator);
        List<GroupResult> out = new ArrayList<>();
        df.groupby("y").col("x").start(seeding.state()).sum().sink(out::add);
        first(df);
        second(df);
        assertEquals(Map.of(1L, 104.0, 2L, -2.0, 3L, 4.0, 5L, 1.0), out.get(0).asMap());
        assertEquals(Map.of(1L, 104.0, 2L, -1.0, 3L, 11.0, 5L, 1.0), out.get(1).asMap());
        assertEquals(List.of(1L, 2L, 3L, 5L), out.get(1).keys());
        // the seeding node's own state is untouched by the restarted one
        assertEquals(2, seeding.state().groups());
    }

    @Test
    void aStateOfAnotherGroupbyIsRefused() {
        DataFrame df = DataFrame.create(schema, allocator);
        GroupState sums = df.groupby("y").col("x").sum().state();
        assertThrows(IllegalArgumentException.class, () -> df.groupby("y").start(null));
        IllegalArgumentException moments = assertThrows(IllegalArgumentException.class,
                () -> df.groupby("y").col("x").start(sums).var(1));
        assertTrue(moments.getMessage().contains("squares"), moments.getMessage());
        IllegalArgumentException columns = assertThrows(IllegalArgumentException.class,
                () -> df.groupby("x").col("y").start(sums).sum());
        assertTrue(columns.getMessage().contains("key"), columns.getMessage());
    }
}
