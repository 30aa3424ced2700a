package io.streamz4j.frame;

import io.streamz4j.Stream;
import io.streamz4j.frame.expr.BinaryOp;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Differential test of the element-wise operators against streamz 0.6.4 + pandas 1.5: seeded
 * random batches (int32 and int64 columns with zeros, negatives and extremes; float64 columns with
 * NaN, +-inf and +-0.0; two string columns, each with its own dictionary, over strings whose
 * UTF-16 and code point orders differ; two boolean columns) go through random pipelines of
 * arithmetic ({@code + - * / // % **}), comparisons (strings too), {@code & | ^}, numpy's shifts,
 * unary minus, {@code abs} and {@code ~}, with scalars on either side, and end in the values, a
 * filter, a cumulative operation or a reduction. The same pipelines run in one Python process
 * ({@code expr_oracle.py}) and through {@link Series}; every emitted value must agree: integers and
 * booleans exactly, doubles to 1e-9 relative with NaN equal to NaN and, element-wise, the sign of a
 * zero equal. Where pandas refuses a pipeline that streamz4j accepts, the test fails naming it.
 * Seed: {@code -Dstreamz.seed=N}.
 */
class ExprOracleTest {
    private static final long DEFAULT_SEED = 20_261_207L;
    private static final String RESULTS = "EXPR-ORACLE-RESULTS ";
    private static final double RELATIVE = 1e-9;
    private static final int PIPELINES = 400;
    private static final int[] SIZES = {0, 1, 2, 7, 31};
    private static final String[] STRINGS = {"", "a", "b", "B", "ab", "é", "\uffff", "\ud83d\ude00", "Z"};
    private static final long[] INTS = {0, 1, 2, 3, -1, -2, -3, 5, -7, 63, 64, 2_147_483_648L, -2_147_483_648L,
        1L << 40};
    private static final double[] DOUBLES = {0.0, -0.0, 0.3, -12.0, 2.5, -1.5, 3.0, Double.NaN,
        Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e300};
    private static final String[] NUMERIC = {"a", "b", "x", "y", "p", "q"};
    private static final BinaryOp[] BINARY = BinaryOp.values();
    private static final String[] FINALS = {"values", "values", "values", "cumsum", "cumprod", "cummin", "cummax",
        "sum", "mean", "count", "min", "max", "where"};

    private final Schema schema = Schema.builder().add("k", ColumnType.STRING).add("g", ColumnType.STRING)
            .add("a", ColumnType.INT).add("b", ColumnType.LONG).add("x", ColumnType.DOUBLE)
            .add("y", ColumnType.DOUBLE).add("p", ColumnType.BOOLEAN).add("q", ColumnType.BOOLEAN).build();

    /**
     * A Java series and the same expression in Python over {@code sdf}. {@code perBatchDtype}: an
     * integer {@code //} or {@code %} by a divisor that may be zero, which pandas makes float64 only
     * in the batches where one is zero and streamz4j (whose columns have one type) always; its
     * values agree, but an operator applied to it may not (an int32 quotient wraps where a float
     * one does not), so such a result is used only as a pipeline's end, and not as a product's
     * (an int64 product wraps).
     */
    private record Gen(Series series, String py, boolean perBatchDtype) {
        Gen(Series series, String py) {
            this(series, py, false);
        }

        Series operand() {
            if (perBatchDtype) {
                throw new IllegalArgumentException("an operand whose dtype pandas picks per batch");
            }
            return series;
        }
    }

    private static boolean perBatch(Series result, BinaryOp op, Series column) {
        boolean integral = column.type().isIntegral() || column.type() == ColumnType.BOOLEAN;
        return op.divides() && integral && result.type() == ColumnType.DOUBLE;
    }

    /** One emitted result: pandas' dtype kind (f, i, b) and the values. */
    private record Emitted(char kind, List<Object> values) {
    }

    @Test
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void randomPipelinesAgreeWithStreamzAndPandas() throws Exception {
        long seed = Long.getLong("streamz.seed", DEFAULT_SEED);
        Random random = new Random(seed);
        List<List<Object[]>> batches = new ArrayList<>();
        for (int b = 0; b < 8; b++) {
            batches.add(batch(random, SIZES[random.nextInt(SIZES.length)]));
        }
        try (BufferAllocator allocator = new RootAllocator()) {
            DataFrame sdf = DataFrame.create(schema, allocator);
            List<Map<String, String>> pipelines = new ArrayList<>();
            List<List<Emitted>> java = new ArrayList<>();
            while (pipelines.size() < PIPELINES) {
                Gen g = expr(sdf, random, 3);
                String fin = FINALS[random.nextInt(FINALS.length)];
                List<Emitted> out;
                try {
                    out = attach(sdf, g, fin, random, pipelines);
                } catch (IllegalArgumentException refused) {
                    continue;
                }
                java.add(out);
            }
            JsonNode python = PythonOracle.run("expr_oracle.py", Map.of("batches", columns(batches), "pipelines", pipelines),
                    RESULTS);
            for (List<Object[]> rows : batches) {
                try (Frame f = Frame.fromRows(schema, rows, allocator)) {
                    sdf.emit(f);
                }
            }
            int compared = 0;
            List<String> failures = new ArrayList<>();
            for (int i = 0; i < pipelines.size(); i++) {
                String where = "seed " + seed + ", pipeline " + i + " " + pipelines.get(i);
                try {
                    compared += comparePipeline(python.get(i), java.get(i), pipelines.get(i).get("final"), where);
                } catch (AssertionError e) {
                    failures.add(e.getMessage());
                }
            }
            if (!failures.isEmpty()) {
                fail(failures.size() + " of " + pipelines.size() + " pipelines disagree:\n"
                        + String.join("\n", failures.subList(0, Math.min(15, failures.size()))));
            }
            System.out.println("ExprOracleTest: seed " + seed + ", " + pipelines.size() + " pipelines, " + compared
                    + " values agree with streamz + pandas");
        }
    }

    /** Checks one pipeline's emitted results; returns how many values were compared. */
    private static int comparePipeline(JsonNode py, List<Emitted> java, String fin, String where) {
        if (py.has("error")) {
            fail(where + ": pandas refuses it (" + py.get("error").asText() + "), streamz4j computed " + java);
        }
        assertEquals(py.size(), java.size(), where + ": emitted results");
        // reductions are Numbers (a boolean min is 0 or 1), so only element-wise results check dtype kind and zero signs
        boolean elementWise = !List.of("sum", "mean", "count", "min", "max").contains(fin);
        int compared = 0;
        for (int e = 0; e < py.size(); e++) {
            compare(py.get(e), java.get(e), elementWise, where + ", emit " + e);
            compared += java.get(e).values().size();
        }
        return compared;
    }

    // ------------------------------------------------------------------ random batches

    private Object[] row(Random random) {
        return new Object[] {
            STRINGS[random.nextInt(STRINGS.length)], STRINGS[random.nextInt(STRINGS.length)],
            random.nextInt(8) == 0 ? (random.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE) : random.nextInt(11) - 5,
            random.nextInt(10) == 0 ? (long) INTS[random.nextInt(INTS.length)] : (long) random.nextInt(11) - 5,
            dbl(random), dbl(random), random.nextBoolean(), random.nextBoolean()};
    }

    private static double dbl(Random random) {
        return random.nextInt(3) == 0 ? DOUBLES[random.nextInt(DOUBLES.length)] : (random.nextInt(81) - 40) / 4.0;
    }

    private List<Object[]> batch(Random random, int rows) {
        List<Object[]> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            out.add(row(random));
        }
        return out;
    }

    /** Batches column by column for Python, doubles as their bits. */
    private List<Map<String, List<Object>>> columns(List<List<Object[]>> batches) {
        List<Map<String, List<Object>>> out = new ArrayList<>();
        for (List<Object[]> rows : batches) {
            Map<String, List<Object>> cols = new LinkedHashMap<>();
            for (int c = 0; c < schema.size(); c++) {
                List<Object> values = new ArrayList<>();
                for (Object[] r : rows) {
                    values.add(r[c] instanceof Double d ? Double.doubleToRawLongBits(d) : r[c]);
                }
                cols.put(schema.field(c).name(), values);
            }
            out.add(cols);
        }
        return out;
    }

    // ------------------------------------------------------------------ random pipelines

    private Gen expr(DataFrame sdf, Random random, int depth) {
        for (int attempt = 0; attempt < 30; attempt++) {
            int kind = depth == 0 ? 0 : random.nextInt(6);
            try {
                switch (kind) {
                    case 0:
                        String c = NUMERIC[random.nextInt(NUMERIC.length)];
                        return new Gen(sdf.col(c), "sdf." + c);
                    case 1:
                        return strings(sdf, random);
                    case 2:
                        return unary(expr(sdf, random, depth - 1), random);
                    case 3:
                        return withScalar(expr(sdf, random, depth - 1), BINARY[random.nextInt(BINARY.length)], random);
                    default:
                        return binary(expr(sdf, random, depth - 1), BINARY[random.nextInt(BINARY.length)],
                                expr(sdf, random, depth - 1));
                }
            } catch (IllegalArgumentException refusedByStreamz4j) {
                // a combination of types the operator does not take: draw another
            }
        }
        return new Gen(sdf.col("x"), "sdf.x");
    }

    private static Gen strings(DataFrame sdf, Random random) {
        BinaryOp op = BINARY[BinaryOp.GT.ordinal() + random.nextInt(6)];
        String l = random.nextBoolean() ? "k" : "g";
        int form = random.nextInt(3);
        if (form == 0) {
            String r = random.nextBoolean() ? "k" : "g";
            return new Gen(sdf.col(l).op(op, sdf.col(r)), "(sdf." + l + " " + op.symbol() + " sdf." + r + ")");
        }
        String s = STRINGS[random.nextInt(STRINGS.length)];
        String quoted = quote(s);
        if (form == 1) {
            return new Gen(sdf.col(l).op(op, s), "(sdf." + l + " " + op.symbol() + " " + quoted + ")");
        }
        return new Gen(sdf.col(l).reversed(op, s), "(" + quoted + " " + op.symbol() + " sdf." + l + ")");
    }

    private static Gen unary(Gen e, Random random) {
        switch (random.nextInt(3)) {
            case 0: return new Gen(e.operand().neg(), "(-" + e.py() + ")");
            case 1: return new Gen(e.operand().abs(), "abs(" + e.py() + ")");
            default: return new Gen(e.operand().invert(), "(~" + e.py() + ")");
        }
    }

    private static Gen binary(Gen l, BinaryOp op, Gen r) {
        if (op == BinaryOp.POW && r.operand().type() != ColumnType.DOUBLE) {
            // numpy fails on a negative integer exponent, which these columns hold
            throw new IllegalArgumentException("integer exponent column");
        }
        Series s = l.operand().op(op, r.operand());
        return new Gen(s, pyBinary(l.py(), op, r.py()), perBatch(s, op, l.series()));
    }

    private static Gen withScalar(Gen e, BinaryOp op, Random random) {
        Object scalar = scalar(random);
        boolean left = random.nextInt(3) == 0;
        if (op == BinaryOp.POW) {
            if (left && e.series().type() != ColumnType.DOUBLE) {
                throw new IllegalArgumentException("integer exponent column");
            }
            if (!left && !(scalar instanceof Double)) {
                scalar = (long) random.nextInt(4);
            }
        }
        Series s = left ? e.operand().reversed(op, scalar) : e.operand().op(op, scalar);
        return new Gen(s, left ? pyBinary(py(scalar), op, e.py()) : pyBinary(e.py(), op, py(scalar)),
                perBatch(s, op, e.series()));
    }

    private static Object scalar(Random random) {
        switch (random.nextInt(4)) {
            case 0: return DOUBLES[random.nextInt(DOUBLES.length)];
            case 1: return random.nextBoolean();
            default: return INTS[random.nextInt(INTS.length)];
        }
    }

    private static String pyBinary(String l, BinaryOp op, String r) {
        if (op == BinaryOp.SHL || op == BinaryOp.SHR) {
            return (op == BinaryOp.SHL ? "lsh(" : "rsh(") + l + ", " + r + ")";
        }
        return "(" + l + " " + op.symbol() + " " + r + ")";
    }

    private static String py(Object scalar) {
        if (scalar instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (scalar instanceof Double d) {
            if (d.isNaN()) {
                return "nan";
            }
            if (d.isInfinite()) {
                return d > 0 ? "inf" : "(-inf)";
            }
            return "(" + d + ")";
        }
        return "(" + scalar + ")";
    }

    private static String quote(String s) {
        try {
            return PythonOracle.JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Attaches {@code g} ending in {@code fin} to sdf; records the pipeline for Python; returns where its results land. */
    private static List<Emitted> attach(DataFrame sdf, Gen g, String fin, Random random,
            List<Map<String, String>> pipelines) {
        Series s = g.series();
        if (g.perBatchDtype() && fin.equals("cumprod")) {
            // pandas' int64 product of a batch without zero divisors wraps where the float64 one does not
            throw new IllegalArgumentException("a product of a per-batch dtype");
        }
        List<Emitted> out;
        String pyFinal = fin;
        switch (fin) {
            case "values":
                out = s.stream().map(ExprOracleTest::column).sinkToList();
                break;
            case "where": {
                if (s.type() != ColumnType.BOOLEAN) {
                    throw new IllegalArgumentException("not a mask");
                }
                String c = NUMERIC[random.nextInt(NUMERIC.length)];
                out = sdf.where(s).col(c).stream().map(ExprOracleTest::column).sinkToList();
                pyFinal = "where:" + c;
                break;
            }
            case "cumsum":
                out = frames(() -> s.cumsum());
                break;
            case "cumprod":
                out = frames(() -> s.cumprod());
                break;
            case "cummin":
                out = frames(() -> s.cummin());
                break;
            case "cummax":
                out = frames(() -> s.cummax());
                break;
            default:
                Stream<Number> r = switch (fin) {
                    case "sum" -> s.sum();
                    case "mean" -> s.mean();
                    case "count" -> s.count();
                    case "min" -> s.min();
                    default -> s.max();
                };
                out = r.map(ExprOracleTest::number).sinkToList();
        }
        pipelines.add(Map.of("expr", g.py(), "final", pyFinal));
        return out;
    }

    private static List<Emitted> frames(Supplier<DataFrame> cumulative) {
        return cumulative.get().stream().map(ExprOracleTest::column).sinkToList();
    }

    /** Column 0 of a frame, read while it is lent. */
    private static Emitted column(Frame f) {
        Column c = f.column(0);
        List<Object> values = new ArrayList<>();
        for (int r = 0; r < f.rows(); r++) {
            switch (c.type()) {
                case DOUBLE -> values.add(c.getDouble(r));
                case BOOLEAN -> values.add(c.getLong(r) != 0);
                default -> values.add(c.getLong(r));
            }
        }
        char kind = c.type() == ColumnType.DOUBLE ? 'f' : c.type() == ColumnType.BOOLEAN ? 'b' : 'i';
        return new Emitted(kind, values);
    }

    private static Emitted number(Number n) {
        return n instanceof Double d ? new Emitted('f', List.of(d)) : new Emitted('i', List.of(n.longValue()));
    }

    // ------------------------------------------------------------------ comparison

    private static void compare(JsonNode py, Emitted java, boolean signedZeros, String where) {
        char kind = py.get(0).asText().charAt(0);
        JsonNode values = py.get(1);
        assertEquals(values.size(), java.values().size(), where + ": rows (pandas " + values + ", streamz4j " + java + ")");
        // pandas gives int or float per batch for integer // and % by a series (float only when a divisor is 0)
        boolean kindsAgree = kind == java.kind() || kind == 'i' && java.kind() == 'f' || !signedZeros;
        if (!kindsAgree) {
            fail(where + ": pandas dtype kind " + kind + ", streamz4j " + java.kind() + " (" + values + " vs " + java + ")");
        }
        for (int r = 0; r < values.size(); r++) {
            Object expected = switch (kind) {
                case 'f' -> Double.longBitsToDouble(values.get(r).asLong());
                case 'b' -> values.get(r).asBoolean();
                default -> values.get(r).asLong();
            };
            if (!same(expected, java.values().get(r), signedZeros && java.kind() == 'f' && kind == 'f')) {
                fail(where + ", row " + r + ": streamz + pandas " + expected + ", streamz4j " + java.values().get(r));
            }
        }
    }

    private static boolean same(Object expected, Object actual, boolean signedZeros) {
        if (expected instanceof Boolean || actual instanceof Boolean) {
            return asLong(expected) == asLong(actual);
        }
        if (expected instanceof Long e && actual instanceof Long a) {
            return e.longValue() == a.longValue();
        }
        double e = ((Number) expected).doubleValue();
        double a = ((Number) actual).doubleValue();
        if (Double.isNaN(e) || Double.isNaN(a)) {
            return Double.isNaN(e) && Double.isNaN(a);
        }
        if (e == 0 && a == 0) {
            return !signedZeros || Double.doubleToRawLongBits(e) == Double.doubleToRawLongBits(a);
        }
        return e == a || Math.abs(e - a) <= RELATIVE * Math.max(Math.abs(e), Math.abs(a));
    }

    private static long asLong(Object o) {
        return o instanceof Boolean b ? (b ? 1 : 0) : ((Number) o).longValue();
    }
}
