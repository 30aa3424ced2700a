package io.streamz4j.frame.rolling;

import io.streamz4j.Stream;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.DataFrame;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.FrameTestSupport;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.window.EwmSpec;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Boolean columns in DataFrame-level rolling and ewm, as pandas 1.5 takes them: rolled and
 * weighed as 0.0/1.0 beside the numeric columns, in frame order, the string column left out
 * (but counted by count).
 * Every statistic, over rows and over time, and both ewm forms, must give exactly what the same
 * pipeline gives on the frames with the boolean column replaced by a DOUBLE column of 0.0/1.0;
 * batches of up to 150 rows cross the 64-row words the bits are read by. (The agreement with
 * pandas itself is WindowRollingOracleTest's.) Closes its allocator.
 */
class BooleanColumnsTest {
    private static final Schema BOOLS = Schema.builder().add("a", ColumnType.LONG).add("s", ColumnType.STRING)
            .add("f", ColumnType.BOOLEAN).add("x", ColumnType.DOUBLE).index("t", ColumnType.TIMESTAMP).build();
    private static final Schema DOUBLES = Schema.builder().add("a", ColumnType.LONG).add("s", ColumnType.STRING)
            .add("f", ColumnType.DOUBLE).add("x", ColumnType.DOUBLE).index("t", ColumnType.TIMESTAMP).build();
    private final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void close() {
        allocator.close();
    }

    /** Seeded batches of 0 to 150 rows: a, s, f (about a third true), x with some NaN, t rising by 0-2 s. */
    private static List<List<Object[]>> batches() {
        Random r = new Random(11);
        List<List<Object[]>> out = new ArrayList<>();
        long t = 0;
        for (int b = 0; b < 25; b++) {
            int n = r.nextInt(5) == 0 ? 0 : r.nextInt(151);
            List<Object[]> rows = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                t += r.nextInt(3) * 1_000_000_000L;
                double x = r.nextInt(10) == 0 ? Double.NaN : r.nextGaussian();
                rows.add(new Object[] {(long) r.nextInt(100), "k" + r.nextInt(3), r.nextInt(3) == 0, x, t});
            }
            out.add(rows);
        }
        return out;
    }

    /** What {@code pipeline} emits over the batches with f as booleans or as doubles: each element as a map of columns. */
    private List<Object> run(Schema schema, Function<DataFrame, Stream<?>> pipeline) {
        DataFrame sdf = DataFrame.create(schema, allocator);
        Stream<?> result = pipeline.apply(sdf);
        List<Object> got = new ArrayList<>();
        Stream<?> sink = result.sink(x -> got.add(x instanceof Frame f ? FrameTestSupport.columns(f) : x));
        for (List<Object[]> rows : batches()) {
            List<Object[]> typed = new ArrayList<>();
            for (Object[] row : rows) {
                Object[] copy = row.clone();
                copy[2] = schema == BOOLS ? row[2] : (Boolean) row[2] ? 1.0 : 0.0;
                typed.add(copy);
            }
            try (Frame f = Frame.fromRows(schema, typed, allocator)) {
                sdf.emit(f);
            }
        }
        sink.destroy();
        FrameTestSupport.destroyChain(result, sdf.stream());
        return got;
    }

    /** The pipeline gives the same elements, columns in the same order, with booleans as with their 0/1 doubles. */
    private void assertSameAsDoubles(String what, Function<DataFrame, Stream<?>> pipeline, List<String> columns) {
        List<Object> bools = run(BOOLS, pipeline);
        List<Object> doubles = run(DOUBLES, pipeline);
        assertEquals(doubles.size(), bools.size(), what);
        assertTrue(bools.size() > 10, what + ": " + bools.size() + " elements");
        for (int i = 0; i < bools.size(); i++) {
            Map<?, ?> b = (Map<?, ?>) bools.get(i);
            assertEquals(columns, List.copyOf(b.keySet()), what + " element " + i + ": the columns");
            // Double.equals holds NaN equal to NaN and compares bits: the kernels see the same doubles
            assertEquals(doubles.get(i), b, what + " element " + i);
        }
    }

    @Test
    void everyRollingStatisticRollsBooleansAsZeroOrOneOverRowsAndTime() {
        List<String> rolled = List.of("a", "f", "x");
        for (String window : new String[] {"1", "7", "100", "5s", "90s"}) {
            Function<DataFrame, Rolling> rolling = df -> window.endsWith("s")
                    ? df.rolling(Duration.ofSeconds(Long.parseLong(window.substring(0, window.length() - 1))))
                    : df.rolling(Long.parseLong(window));
            Map<String, Function<Rolling, DataFrame>> ops = new LinkedHashMap<>();
            ops.put("sum", Rolling::sum);
            ops.put("mean", Rolling::mean);
            ops.put("count", Rolling::count);
            ops.put("min", Rolling::min);
            ops.put("max", Rolling::max);
            ops.put("var", Rolling::var);
            ops.put("std", Rolling::std);
            ops.put("median", Rolling::median);
            ops.put("quantile(0.3)", r -> r.quantile(0.3));
            for (Map.Entry<String, Function<Rolling, DataFrame>> op : ops.entrySet()) {
                // count counts the string column too
                assertSameAsDoubles("rolling(" + window + ")." + op.getKey(),
                        df -> op.getValue().apply(rolling.apply(df)).stream(),
                        op.getKey().equals("count") ? List.of("a", "s", "f", "x") : rolled);
            }
            assertSameAsDoubles("rolling(" + window + ").f.sum", df -> rolling.apply(df).col("f").sum().stream(),
                    List.of("f"));
            assertSameAsDoubles("rolling(" + window + ").aggregate(f: max)",
                    df -> rolling.apply(df).aggregate(new LinkedHashMap<>(Map.of("f", "max"))).stream(), List.of("f"));
        }
    }

    /**
     * pandas' rolling count counts every column, strings and timestamps too (what is not missing):
     * a frame has no missing strings or timestamps, so they count the window's rows, as a numeric
     * column without NaN does; a count with min_periods gives NaN below it for them too.
     */
    @Test
    void countCountsStringAndTimestampColumnsToo() {
        Schema withTime = Schema.builder().add("s", ColumnType.STRING).add("d", ColumnType.TIMESTAMP)
                .add("f", ColumnType.BOOLEAN).index("t", ColumnType.TIMESTAMP).build();
        for (Integer minp : new Integer[] {null, 2}) {
            for (boolean overTime : new boolean[] {false, true}) {
                DataFrame sdf = DataFrame.create(withTime, allocator);
                Rolling r = overTime ? sdf.rolling(Duration.ofSeconds(2)) : sdf.rolling(2);
                DataFrame counted = (minp == null ? r : r.minPeriods(minp)).count();
                assertEquals(List.of("s", "d", "f"), counted.schema().names());
                List<Map<String, List<Double>>> got = new ArrayList<>();
                Stream<?> sink = counted.stream().sink(f -> got.add(FrameTestSupport.columns(f)));
                List<Object[]> rows = List.of(new Object[] {"x", 1L, true, 0L}, new Object[] {"y", 2L, false, 1_000_000_000L},
                        new Object[] {"z", 3L, true, 2_000_000_000L});
                try (Frame f = Frame.fromRows(withTime, rows, allocator)) {
                    sdf.emit(f);
                }
                // pandas: df.rolling(2).count() and df.rolling('2s').count() give 1, 2, 2 in every column
                List<Double> want = minp == null ? List.of(1.0, 2.0, 2.0) : List.of(Double.NaN, 2.0, 2.0);
                for (String c : List.of("s", "d", "f")) {
                    assertEquals(want, got.get(0).get(c), c + (overTime ? " over 2s" : " over 2 rows") + ", min_periods " + minp);
                }
                sink.destroy();
                RollingNode.of(counted).destroy();
            }
        }
        // the other statistics still leave strings and timestamps out
        DataFrame sdf = DataFrame.create(withTime, allocator);
        assertEquals(List.of("f"), sdf.rolling(2).sum().schema().names());
    }

    @Test
    void bothEwmFormsWeighBooleansAsZeroOrOne() {
        assertSameAsDoubles("ewm(EwmSpec com=0.5).mean", df -> df.ewm(EwmSpec.com(0.5)).mean().stream(),
                List.of("a", "f", "x"));
        assertSameAsDoubles("ewm(EwmSpec span=4, adjust=False).var",
                df -> df.ewm(EwmSpec.span(4).adjust(false)).var().stream(), List.of("a", "f", "x"));
        assertSameAsDoubles("ewm(EwmSpec alpha=0.3).std", df -> df.ewm(EwmSpec.alpha(0.3)).std().stream(),
                List.of("a", "f", "x"));
        // streamz's form: one map of column to mean a frame
        assertSameAsDoubles("ewm(com=0.5).mean", df -> df.select(List.of("a", "f")).ewm(0.5).mean(),
                List.of("a", "f"));
    }

    @Test
    void aStringColumnIsStillRefusedByName() {
        DataFrame sdf = DataFrame.create(BOOLS, allocator);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sdf.rolling(3).col("s"));
        assertTrue(e.getMessage().contains("'s'") && e.getMessage().contains("not numeric or boolean"), e.getMessage());
    }
}
