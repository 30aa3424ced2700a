package io.streamz4j.frame.agg;

import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.groupby.GroupReduction;
import io.streamz4j.frame.groupby.GroupState;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Running states written as bytes and read into a fresh state continue exactly as the original:
 * every statistic of a reduction (integral and double columns, missing values) and of a groupby
 * (string, int and double keys), the string keys read into a dictionary that numbers them
 * otherwise, as a restarted process's does.
 */
class StateBytesTest {

    private static Schema schema() {
        return Schema.builder().add("name", ColumnType.STRING).add("k", ColumnType.INT).add("d", ColumnType.DOUBLE)
                .add("x", ColumnType.DOUBLE).add("n", ColumnType.LONG).build();
    }

    private static Frame frame(Schema schema, BufferAllocator allocator, int j) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            double x = (i + j) % 5 == 0 ? Double.NaN : 0.1 * j + 0.37 * i;
            rows.add(new Object[] {"n" + ((i + j) % 3), (i * j) % 4 - 1, 0.5 * (i % 2), x, (long) (j * 10 - i)});
        }
        return Frame.fromRows(schema, rows, allocator);
    }

    /** Folds frames 1..3 into a state, copies it through bytes into {@code fresh}'s shape, then folds 4..6 into both. */
    private static <S, R> void assertContinues(Aggregation<S, R> aggregation, boolean otherDictionary) {
        try (BufferAllocator allocator = new RootAllocator()) {
            Schema first = schema();
            Schema second = schema();
            if (otherDictionary) {
                for (String name : List.of("zed", "n2", "n1", "n0")) {
                    second.field("name").dictionary().idOf(name);
                }
            }
            S state = aggregation.initial(first);
            for (int j = 1; j <= 3; j++) {
                try (Frame f = frame(first, allocator, j)) {
                    state = aggregation.onNew(state, f);
                }
            }
            S restored = StateBytes.read(aggregation.initial(second), StateBytes.write(state));
            assertNotSame(state, restored);
            assertEquals(String.valueOf(aggregation.result(state)), String.valueOf(aggregation.result(restored)));
            for (int j = 4; j <= 6; j++) {
                try (Frame a = frame(first, allocator, j); Frame b = frame(second, allocator, j)) {
                    state = aggregation.onNew(state, a);
                    restored = aggregation.onNew(restored, b);
                }
                assertEquals(String.valueOf(aggregation.result(state)), String.valueOf(aggregation.result(restored)),
                        "after frame " + j);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Statistic.class)
    void aDataFrameReductionContinuesFromItsBytes(Statistic statistic) {
        assertContinues(Reduction.ofDataFrame(statistic, List.of("x", "n", "d"), 1), false);
    }

    @ParameterizedTest
    @EnumSource(Statistic.class)
    void aSeriesReductionContinuesFromItsBytes(Statistic statistic) {
        assertContinues(Reduction.ofSeries(statistic, "x", 0), false);
    }

    @ParameterizedTest
    @EnumSource(Statistic.class)
    void aGroupbyByStringContinuesFromItsBytesUnderOtherDictionaryIds(Statistic statistic) {
        List<String> values = statistic == Statistic.SIZE ? List.of() : List.of("x", "n");
        assertContinues(new GroupReduction("name", values, statistic, 1), true);
    }

    @ParameterizedTest
    @EnumSource(Statistic.class)
    void groupbysByIntAndDoubleKeysContinueFromTheirBytes(Statistic statistic) {
        List<String> values = statistic == Statistic.SIZE ? List.of() : List.of("x");
        assertContinues(new GroupReduction("k", values, statistic, 1), false);
        assertContinues(new GroupReduction("d", values, statistic, 1), false);
    }

    @Test
    void bytesOfAnotherShapeVersionOrLengthAreRefusedSayingWhy() {
        Schema schema = schema();
        byte[] sums = StateBytes.write(Reduction.ofDataFrame(Statistic.SUM, List.of("x", "n"), 1).initial(schema));
        Moments otherColumns = Reduction.ofDataFrame(Statistic.SUM, List.of("x"), 1).initial(schema);
        assertRefused(() -> StateBytes.read(otherColumns, sums), "reduces columns [x, n]");
        Moments same = Reduction.ofDataFrame(Statistic.SUM, List.of("x", "n"), 1).initial(schema);
        assertRefused(() -> StateBytes.read(same, Arrays.copyOf(sums, sums.length - 1)), "truncated");
        byte[] longer = Arrays.copyOf(sums, sums.length + 2);
        assertRefused(() -> StateBytes.read(same, longer), "2 bytes follow");
        byte[] otherVersion = sums.clone();
        otherVersion[0] = 2;
        assertRefused(() -> StateBytes.read(same, otherVersion), "version 2");

        GroupState sumsByName = new GroupReduction("name", List.of("x"), Statistic.SUM, 1).initial(schema);
        byte[] groups = StateBytes.write(sumsByName);
        assertRefused(() -> StateBytes.read(same, groups), "not a reduction's");
        assertRefused(() -> StateBytes.read(sumsByName, sums), "not a groupby's");
        GroupState varByName = new GroupReduction("name", List.of("x"), Statistic.VAR, 1).initial(schema);
        assertRefused(() -> StateBytes.read(varByName, groups), "the node [x+squares]");
        GroupState sumsByK = new GroupReduction("k", List.of("x"), Statistic.SUM, 1).initial(schema);
        assertRefused(() -> StateBytes.read(sumsByK, groups), "groups by name: STRING");
        assertRefused(() -> StateBytes.write("a string"), "java.lang.String");
    }

    @Test
    void aGroupTwiceIsRefused() {
        try (BufferAllocator allocator = new RootAllocator()) {
            Schema schema = schema();
            GroupReduction byK = new GroupReduction("k", List.of("x"), Statistic.SUM, 1);
            GroupState state = byK.initial(schema);
            try (Frame f = frame(schema, allocator, 1)) {
                byK.onNew(state, f);
            }
            byte[] bytes = StateBytes.write(state);
            // the second group's key (after version, kind, "k", "INT", 1, "x", flags, count and group 0) made the first's
            int group0 = 1 + 1 + 3 + 5 + 4 + 3 + 2 + 4;
            int perGroup = 8 + 8 + 8 + 8;
            System.arraycopy(bytes, group0, bytes, group0 + perGroup, 8);
            assertTrue(state.groups() > 1);
            assertRefused(() -> StateBytes.read(byK.initial(schema), bytes), "twice");
        }
    }

    private static void assertRefused(Runnable read, String why) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, read::run);
        assertTrue(e.getMessage().contains(why), e.getMessage());
    }
}
