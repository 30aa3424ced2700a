package io.streamz4j.frame;

import io.streamz4j.Stream;
import io.streamz4j.frame.groupby.GroupResult;
import io.streamz4j.frame.groupby.Groupers;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Rows picked out of frames without an index keep pandas' labels (their row numbers in the frame
 * they came from) through {@code where}, {@code tail} and {@code window(n).full()}, and
 * {@code groupby(index % 2)} groups by those labels. The expectations are what streamz 0.6.4 with
 * pandas 1.5.3 prints for the same batches (frames [1, -2, 3, 4] and [-5, 6, 7]). Each test closes
 * its allocator, which fails on a leak.
 */
class RangeLabelsTest {
    private final BufferAllocator allocator = new RootAllocator();
    private final Schema schema = Schema.builder().add("x", ColumnType.DOUBLE).add("y", ColumnType.LONG).build();

    @AfterEach
    void closeAllocator() {
        allocator.close();
    }

    /** The labels of every frame {@code out} emits while the batches go into {@code df}; the nodes are destroyed after. */
    private List<List<Long>> labelsOf(DataFrame df, DataFrame out) {
        List<List<Long>> labels = new ArrayList<>();
        Stream<Frame> sink = out.stream().sink(f -> {
            List<Long> l = new ArrayList<>();
            Column index = f.index();
            for (int r = 0; r < f.rows(); r++) {
                l.add(index == null ? r : index.getLong(r));
            }
            labels.add(l);
        });
        emitBatches(df);
        // a window holds its frames until its node is destroyed
        sink.destroy();
        Stream<?> s = out.stream();
        while (s != null && s != df.stream()) {
            Stream<?> up = s.upstream(); // asked first: destroy disconnects it
            s.destroy();
            s = up;
        }
        return labels;
    }

    private void emitBatches(DataFrame df) {
        for (List<Object[]> rows : List.of(
                List.of(new Object[] {1.0, 1L}, new Object[] {-2.0, 2L}, new Object[] {3.0, 1L}, new Object[] {4.0, 3L}),
                List.<Object[]>of(),
                List.of(new Object[] {-5.0, 2L}, new Object[] {6.0, 2L}, new Object[] {7.0, 3L}))) {
            try (Frame f = Frame.fromRows(schema, rows, allocator)) {
                df.emit(f);
            }
        }
    }

    @Test
    void whereKeepsTheRowNumbersAsLabels() {
        DataFrame df = DataFrame.create(schema, allocator);
        DataFrame kept = df.where(df.col("x").gt(0));
        assertEquals(RangeLabels.FIELD, kept.schema().index());
        assertEquals(List.of(List.of(0L, 2L, 3L), List.of(), List.of(1L, 2L)), labelsOf(df, kept));
    }

    @Test
    void whereOfAllRowsAndChainedWhereKeepLabels() {
        DataFrame df = DataFrame.create(schema, allocator);
        DataFrame wide = df.where(df.col("x").gt(-100));
        DataFrame all = wide.where(wide.col("y").ne(1L));
        assertEquals(List.of(List.of(1L, 3L), List.of(), List.of(0L, 1L, 2L)), labelsOf(df, all));
    }

    @Test
    void tailKeepsTheLastRowsLabels() {
        DataFrame df = DataFrame.create(schema, allocator);
        assertEquals(List.of(List.of(1L, 2L, 3L), List.of(), List.of(0L, 1L, 2L)), labelsOf(df, df.tail(3)));
    }

    @Test
    void tailAfterWhereKeepsTheSelectedLabels() {
        DataFrame df = DataFrame.create(schema, allocator);
        DataFrame t = df.where(df.col("x").gt(0)).tail(2);
        assertEquals(List.of(List.of(2L, 3L), List.of(), List.of(1L, 2L)), labelsOf(df, t));
    }

    @Test
    void fullWindowConcatenatesEachFramesLabels() {
        DataFrame df = DataFrame.create(schema, allocator);
        DataFrame full = df.window(5).full();
        assertEquals(RangeLabels.FIELD, full.schema().index());
        // pandas: concat([f1, f2]).iloc[-5:] keeps f1's labels 2, 3 and f2's own 0, 1, 2
        assertEquals(List.of(List.of(0L, 1L, 2L, 3L), List.of(0L, 1L, 2L, 3L), List.of(2L, 3L, 0L, 1L, 2L)),
                labelsOf(df, full));
    }

    @Test
    void groupbyIndexModTwoGroupsByTheRowLabels() {
        DataFrame df = DataFrame.create(schema, allocator);
        List<GroupResult> out = new ArrayList<>();
        df.groupby(Groupers.index(df).mod(2)).col("x").sum().sink(out::add);
        emitBatches(df);
        // streamz: {0: 4.0, 1: 2.0}, then {0: 6.0, 1: 8.0} (labels 0, 1, 2 of the second frame)
        assertEquals(Map.of(0L, 4.0, 1L, 2.0), out.get(0).asMap());
        assertEquals(Map.of(0L, 6.0, 1L, 8.0), out.get(2).asMap());
    }

    @Test
    void rowsLeavingAWindowLeaveTheGroupsOfTheirLabels() {
        DataFrame df = DataFrame.create(schema, allocator);
        List<GroupResult> out = new ArrayList<>();
        io.streamz4j.Stream<?> sums = df.window(3).groupby(Groupers.index(df).mod(2)).col("x").sum();
        sums.sink(x -> out.add((GroupResult) x));
        emitBatches(df);
        // window(3): rows 1..3 of the first frame (labels 1, 2, 3), which then leave whole for the
        // second frame's labels 0, 1, 2: x -5 + 7 in group 0, 6 in group 1
        assertEquals(Map.of(0L, 3.0, 1L, 2.0), out.get(0).asMap());
        assertEquals(Map.of(0L, 2.0, 1L, 6.0), out.get(2).asMap());
        sums.destroy(); // the window holds frames until its node is destroyed
    }

    @Test
    void groupbyIndexOfAFilteredFrameUsesTheKeptLabels() {
        DataFrame df = DataFrame.create(schema, allocator);
        DataFrame kept = df.where(df.col("x").gt(0));
        List<GroupResult> out = new ArrayList<>();
        kept.groupby(Groupers.index(kept).mod(2)).col("x").sum().sink(out::add);
        emitBatches(df);
        // labels 0, 2, 3 of [1, 3, 4] then 1, 2 of [6, 7]
        assertEquals(Map.of(0L, 4.0, 1L, 4.0), out.get(0).asMap());
        assertEquals(Map.of(0L, 11.0, 1L, 10.0), out.get(2).asMap());
    }
}
