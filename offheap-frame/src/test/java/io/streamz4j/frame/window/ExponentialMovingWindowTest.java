package io.streamz4j.frame.window;

import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.DataFrame;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * pandas' {@code ewm(...)} streamed row by row: the series [1, NaN, 3, 4, -5, 6, 7] sent as the
 * frames [1, NaN, 3, 4], [], [-5, 6, 7] must give, row for row, what pandas 1.5.3 gives on the
 * whole series (the expected lists are pandas' output), for each decay form and option; the
 * frames keep their labels. Bad parameters fail as pandas' ValueErrors do. Each test closes its
 * allocator, which fails on a leak.
 */
class ExponentialMovingWindowTest {
    private static final double NaN = Double.NaN;
    private final BufferAllocator allocator = new RootAllocator();
    private final Schema schema = Schema.builder().add("x", ColumnType.DOUBLE).add("y", ColumnType.LONG).build();

    @AfterEach
    void closeAllocator() {
        allocator.close();
    }

    private List<Double> run(Function<DataFrame, DataFrame> ewm) {
        DataFrame df = DataFrame.create(schema, allocator);
        List<Double> out = new ArrayList<>();
        List<Integer> frameRows = new ArrayList<>();
        ewm.apply(df).stream().sink(f -> {
            frameRows.add(f.rows());
            for (double v : f.doubles("x")) {
                out.add(v);
            }
        });
        double[][] batches = {{1, NaN, 3, 4}, {}, {-5, 6, 7}};
        for (double[] b : batches) {
            List<Object[]> rows = new ArrayList<>();
            for (double x : b) {
                rows.add(new Object[] {x, 1L});
            }
            try (Frame f = Frame.fromRows(schema, rows, allocator)) {
                df.emit(f);
            }
        }
        assertEquals(List.of(4, 0, 3), frameRows, "one result frame per frame, row for row");
        return out;
    }

    private static void assertClose(List<Double> expected, List<Double> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            double e = expected.get(i);
            double a = actual.get(i);
            assertTrue(Double.isNaN(e) ? Double.isNaN(a) : Math.abs(a - e) <= 1e-12 * Math.abs(e),
                    "row " + i + ": pandas " + e + ", streamed " + a);
        }
    }

    @Test
    void spanMeanAcrossFramesIsPandasOnTheConcatenation() {
        assertClose(List.of(1.0, 1.0, 2.6, 3.4615384615384617, -1.206896551724138, 2.5737704918032787, 4.84),
                run(df -> df.col("x").ewm(EwmSpec.span(3)).mean()));
    }

    @Test
    void recursiveIgnoringMissingWithMinPeriods() {
        assertClose(List.of(NaN, NaN, NaN, 2.32, 0.12399999999999989, 1.8867999999999998, 3.4207599999999996),
                run(df -> df.col("x").ewm(EwmSpec.alpha(0.3).adjust(false).ignoreNa(true).minPeriods(3)).mean()));
    }

    @Test
    void halflifeVariance() {
        assertClose(List.of(NaN, NaN, 2.0, 1.8651239283050909, 23.839811379491476, 26.04498394119977, 23.578449964126037),
                run(df -> df.col("x").ewm(EwmSpec.halflife(2)).var()));
    }

    @Test
    void biasedRecursiveStd() {
        assertClose(List.of(0.0, 0.0, 0.6998542122237652, 0.7284313590846836, 4.062437859284031, 4.498425020426493,
                3.1322572572062533), run(df -> df.ewm(EwmSpec.com(0.5).adjust(false)).std(true)));
    }

    @Test
    void aConstantSeriesStaysExactlyConstant() {
        DataFrame df = DataFrame.create(schema, allocator);
        List<Double> out = new ArrayList<>();
        df.col("y").ewm(EwmSpec.span(7)).mean().stream().sink(f -> {
            for (double v : f.doubles("y")) {
                out.add(v);
            }
        });
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            rows.add(new Object[] {0.1 * i, 3L});
        }
        try (Frame f = Frame.fromRows(schema, rows, allocator)) {
            df.emit(f);
        }
        out.forEach(v -> assertEquals(3.0, v, 0.0));
    }

    @Test
    void labelsAreKept() {
        DataFrame df = DataFrame.create(schema, allocator);
        DataFrame kept = df.where(df.col("x").gt(0.0));
        List<Long> labels = new ArrayList<>();
        kept.col("x").ewm(EwmSpec.com(1)).mean().stream().sink(f -> {
            for (int r = 0; r < f.rows(); r++) {
                labels.add(f.index().getLong(r));
            }
        });
        try (Frame f = Frame.fromRows(schema, List.of(new Object[] {1.0, 1L}, new Object[] {-1.0, 1L},
                new Object[] {2.0, 1L}), allocator)) {
            df.emit(f);
        }
        assertEquals(List.of(0L, 2L), labels);
    }

    @Test
    void badParametersAreRefusedAsPandasRefusesThem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EwmSpec.span(0.5)).getMessage().contains("span >= 1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EwmSpec.alpha(0)).getMessage().contains("0 < alpha <= 1"));
        assertThrows(IllegalArgumentException.class, () -> EwmSpec.alpha(1.5));
        assertThrows(IllegalArgumentException.class, () -> EwmSpec.com(-1));
        assertThrows(IllegalArgumentException.class, () -> EwmSpec.halflife(0));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EwmSpec.of(1.0, 2.0, null, null)).getMessage()
                .contains("only provide one"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EwmSpec.of(null, null, null, null)).getMessage()
                .contains("Must pass one"));
        assertThrows(IllegalArgumentException.class, () -> EwmSpec.com(1).minPeriods(-1));
        EwmSpec.alpha(1); // alpha = 1 is allowed
        Schema withText = Schema.builder().add("s", ColumnType.STRING).add("x", ColumnType.DOUBLE).build();
        DataFrame df = DataFrame.create(withText, allocator);
        assertThrows(IllegalArgumentException.class, () -> df.col("s").ewm(EwmSpec.com(1)));
        assertThrows(IllegalArgumentException.class, () -> df.col("x").ewm(null));
    }
}
