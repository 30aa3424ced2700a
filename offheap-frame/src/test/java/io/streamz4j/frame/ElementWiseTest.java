package io.streamz4j.frame;

import io.streamz4j.frame.expr.BinaryOp;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The element-wise operators' pandas semantics, one family per test: string comparisons across
 * two dictionaries, numpy's float floor division and modulo, integer division by zero, int32
 * promotion, cumulative widening, the unary and bitwise operators, and reductions of booleans.
 * Expected values are pandas 1.5.3 / numpy 1.24's (asked of the oracle, written beside each case)
 * or computed from the rows by pandas' definition. Every test closes its allocator, which fails on
 * any leaked buffer.
 */
class ElementWiseTest {
    private final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void closeAllocator() {
        allocator.close();
    }

    /** Every value {@code f(sdf)} emits over frames of {@code rows}, one list per frame. */
    private List<List<Object>> values(Schema schema, Function<DataFrame, Series> f, List<List<Object[]>> frames) {
        DataFrame sdf = DataFrame.create(schema, allocator);
        Series s = f.apply(sdf);
        List<List<Object>> out = s.stream().map(ElementWiseTest::column).sinkToList();
        emit(sdf, schema, frames);
        return out;
    }

    private void emit(DataFrame sdf, Schema schema, List<List<Object[]>> frames) {
        for (List<Object[]> rows : frames) {
            try (Frame frame = Frame.fromRows(schema, rows, allocator)) {
                sdf.emit(frame);
            }
        }
    }

    /** Rows for a frame (List.of would spread a lone row's values). */
    private static List<Object[]> rows(Object[]... rows) {
        return List.of(rows);
    }

    /** One-column rows of doubles. */
    private static List<Object[]> doubles(double... xs) {
        List<Object[]> out = new ArrayList<>();
        for (double v : xs) {
            out.add(new Object[] {v});
        }
        return out;
    }

    private List<Object> values(Schema schema, Function<DataFrame, Series> f, Object[]... rows) {
        return values(schema, f, List.of(List.of(rows))).get(0);
    }

    private static List<Object> column(Frame f) {
        List<Object> out = new ArrayList<>();
        for (int r = 0; r < f.rows(); r++) {
            out.add(f.column(0).get(r));
        }
        return out;
    }

    private static ColumnType type(Schema schema, Function<DataFrame, Series> f, BufferAllocator allocator) {
        return f.apply(DataFrame.create(schema, allocator)).type();
    }

    // ------------------------------------------------------------------ strings

    private final Schema strings = stringSchema();

    private static Schema stringSchema() {
        return Schema.builder().add("k", ColumnType.STRING).add("g", ColumnType.STRING).add("x", ColumnType.DOUBLE).build();
    }

    /** Python's str order: by code point (Java's compareTo orders UTF-16 units). */
    private static final Comparator<String> PYTHON = Comparator.comparing(s -> s.codePoints().toArray(), Arrays::compare);

    private static boolean expected(BinaryOp op, String l, String r) {
        int c = PYTHON.compare(l, r);
        switch (op) {
            case EQ: return c == 0;
            case NE: return c != 0;
            case LT: return c < 0;
            case LE: return c <= 0;
            case GT: return c > 0;
            default: return c >= 0;
        }
    }

    /**
     * {@code sdf.k == sdf.g} and the orderings compare the strings: k's dictionary numbers a=0,
     * b=1, c=2 and g's b=0, a=1, c=2, so comparing ids (as before) called row 0 equal and row 1
     * not. U+FFFF sorts below an emoji in Python (code points), above it in UTF-16.
     */
    @Test
    void twoStringColumnsCompareTheirStringsNotTheirDictionaryIds() {
        Object[][] rows = {{"a", "b", 1.0}, {"b", "b", 2.0}, {"b", "a", 4.0}, {"c", "c", 8.0},
            {"\uffff", "\ud83d\ude00", 16.0}, {"", "a", 32.0}};
        for (BinaryOp op : List.of(BinaryOp.EQ, BinaryOp.NE, BinaryOp.LT, BinaryOp.LE, BinaryOp.GT, BinaryOp.GE)) {
            List<Object> want = new ArrayList<>();
            for (Object[] r : rows) {
                want.add(expected(op, (String) r[0], (String) r[1]));
            }
            assertEquals(want, values(strings, df -> df.col("k").op(op, df.col("g")), rows), "k " + op.symbol() + " g");
        }
    }

    /** {@code sdf[sdf.k != sdf.g].x.sum()}: a filter on two string columns' inequality keeps the rows whose strings differ. */
    @Test
    void filterOnStringInequalityKeepsTheRowsWhoseStringsDiffer() {
        DataFrame sdf = DataFrame.create(strings, allocator);
        List<Number> sums = sdf.where(sdf.col("k").ne(sdf.col("g"))).col("x").sum().sinkToList();
        emit(sdf, strings, List.of(rows(new Object[] {"a", "b", 1.0}, new Object[] {"b", "b", 2.0},
                new Object[] {"b", "a", 4.0})));
        assertEquals(List.<Number>of(5.0), sums);
    }

    /** A string scalar on either side, seen or unseen by the dictionary, in every comparison. */
    @Test
    void stringColumnAgainstStringScalarsOnEitherSide() {
        Object[][] rows = {{"a", "x", 0.0}, {"b", "x", 0.0}, {"\uffff", "x", 0.0}, {"\ud83d\ude00", "x", 0.0}};
        for (String scalar : List.of("b", "ba", "\uffff", "\ud83d\ude01", "")) {
            for (BinaryOp op : List.of(BinaryOp.EQ, BinaryOp.NE, BinaryOp.LT, BinaryOp.LE, BinaryOp.GT, BinaryOp.GE)) {
                List<Object> right = new ArrayList<>();
                List<Object> left = new ArrayList<>();
                for (Object[] r : rows) {
                    right.add(expected(op, (String) r[0], scalar));
                    left.add(expected(op, scalar, (String) r[0]));
                }
                assertEquals(right, values(strings, df -> df.col("k").op(op, scalar), rows), "k " + op.symbol() + " " + scalar);
                assertEquals(left, values(strings, df -> df.col("k").reversed(op, scalar), rows), scalar + " " + op.symbol() + " k");
            }
        }
    }

    /**
     * The cached order of the dictionaries' strings is rebuilt when a later frame brings new
     * strings: "b" is unknown in frame 1 (equal to nothing) and sorts between "a" and "c" in frame 2.
     */
    @Test
    void stringComparisonsStayRightAsTheDictionariesGrow() {
        List<List<Object[]>> frames = List.of(rows(new Object[] {"a", "c", 0.0}, new Object[] {"c", "a", 0.0}),
                rows(new Object[] {"b", "a", 0.0}, new Object[] {"c", "b", 0.0}, new Object[] {"b", "b", 0.0}));
        for (BinaryOp op : List.of(BinaryOp.EQ, BinaryOp.LT, BinaryOp.GE)) {
            List<List<Object>> cols = new ArrayList<>();
            List<List<Object>> scalar = new ArrayList<>();
            for (List<Object[]> frame : frames) {
                List<Object> c = new ArrayList<>();
                List<Object> sc = new ArrayList<>();
                for (Object[] r : frame) {
                    c.add(expected(op, (String) r[0], (String) r[1]));
                    sc.add(expected(op, (String) r[0], "b"));
                }
                cols.add(c);
                scalar.add(sc);
            }
            // fresh schemas, so each run's dictionaries start empty and grow with its frames
            assertEquals(cols, values(stringSchema(), df -> df.col("k").op(op, df.col("g")), frames), "k " + op.symbol() + " g");
            assertEquals(scalar, values(stringSchema(), df -> df.col("k").op(op, "b"), frames), "k " + op.symbol() + " 'b'");
        }
    }

    /** pandas: a string never equals a number ({@code == 1} all False, {@code != 1} all True) and is not ordered against one. */
    @Test
    void stringsNeverEqualNumbersAndAreNotOrderedAgainstThem() {
        Object[][] rows = {{"1", "a", 1.0}, {"b", "a", 1.0}};
        assertEquals(List.of(false, false), values(strings, df -> df.col("k").eq(1L), rows));
        assertEquals(List.of(true, true), values(strings, df -> df.col("k").ne(df.col("x")), rows));
        DataFrame sdf = DataFrame.create(strings, allocator);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sdf.col("k").lt(1L));
        assertEquals(true, e.getMessage().contains("'k' < 1"), e.getMessage());
    }

    // ------------------------------------------------------------------ floor division and modulo

    private final Schema xy = Schema.builder().add("x", ColumnType.DOUBLE).add("y", ColumnType.DOUBLE).build();

    /**
     * numpy 1.24's {@code x // y} and {@code x % y} (from the oracle: {@code np.array([a]) // np.array([b])}),
     * signs of zero included: assertEquals on doubles tells -0.0 from 0.0.
     */
    @Test
    void floatFloorDivisionAndModuloAreNumpys() {
        double inf = Double.POSITIVE_INFINITY;
        double nan = Double.NaN;
        double[][] cases = {
            // a, b, a // b, a % b
            {-12.0, 0.3, -41.0, 0.29999999999999954},
            {inf, 3.0, nan, nan},
            {-5.0, inf, -1.0, inf},
            {-4.0, 2.0, -2.0, 0.0},
            {4.0, -2.0, -2.0, -0.0},
            {0.0, 1.0, 0.0, 0.0},
            {-0.0, 1.0, -0.0, 0.0},
            {5.0, 0.0, inf, nan},
            {-5.0, -0.0, inf, nan},
            {0.0, -0.0, nan, nan},
            {nan, 1.0, nan, nan},
            {-inf, 3.0, nan, nan},
            {1.0, -3.0, -1.0, -2.0},
            {-0.0, -1.0, 0.0, -0.0},
            {7.5, -2.0, -4.0, -0.5},
            {-1e-300, 1e300, -1.0, 1e300},
        };
        Object[][] rows = new Object[cases.length][];
        for (int i = 0; i < cases.length; i++) {
            rows[i] = new Object[] {cases[i][0], cases[i][1]};
        }
        List<Object> div = values(xy, df -> df.col("x").floordiv(df.col("y")), rows);
        List<Object> mod = values(xy, df -> df.col("x").mod(df.col("y")), rows);
        for (int i = 0; i < cases.length; i++) {
            String what = cases[i][0] + " // " + cases[i][1];
            assertEquals(cases[i][2], (double) div.get(i), what);
            assertEquals(cases[i][3], (double) mod.get(i), cases[i][0] + " % " + cases[i][1]);
            // the same with the divisor as a scalar
            double b = cases[i][1];
            Object[][] one = {rows[i]};
            assertEquals(cases[i][2], (double) values(xy, df -> df.col("x").floordiv(b), one).get(0), what + " (scalar)");
            assertEquals(cases[i][3], (double) values(xy, df -> df.col("x").mod(b), one).get(0), what + " (scalar %)");
        }
    }

    // ------------------------------------------------------------------ integers

    private final Schema ints = Schema.builder().add("a", ColumnType.INT).add("b", ColumnType.LONG)
            .add("p", ColumnType.BOOLEAN).build();

    private static Object[] ab(int a, long b, boolean p) {
        return new Object[] {a, b, p};
    }

    /**
     * pandas 1.5.3: {@code pd.Series([5, -5, 0, 7, -7]) // 0} is float64 {@code [inf, -inf, nan, inf, -inf]},
     * {@code % 0} all NaN; by a series with zeros the same at the zeros and the floor quotient elsewhere
     * ({@code [5,-5,0,7,-7] // [0,2,0,-2,3]} is {@code [inf, -3, nan, -4, -3]}, {@code %} {@code [nan, 1, nan, -1, 2]}).
     */
    @Test
    void integerDivisionByZeroGivesPandasFilledDoubles() {
        Object[][] rows = {ab(5, 0, true), ab(-5, 2, false), ab(0, 0, true), ab(7, -2, false), ab(-7, 3, true)};
        double inf = Double.POSITIVE_INFINITY;
        double nan = Double.NaN;
        assertEquals(List.of(inf, -inf, nan, inf, -inf), values(ints, df -> df.col("a").floordiv(0L), rows));
        assertEquals(List.of(nan, nan, nan, nan, nan), values(ints, df -> df.col("a").mod(0L), rows));
        assertEquals(List.of(inf, -3.0, nan, -4.0, -3.0), values(ints, df -> df.col("a").floordiv(df.col("b")), rows));
        assertEquals(List.of(nan, 1.0, nan, -1.0, 2.0), values(ints, df -> df.col("a").mod(df.col("b")), rows));
        // 7 // [0, 2, 0, -2, 3]: the scalar divided by the column (pandas' rfloordiv fill)
        assertEquals(List.of(inf, 3.0, inf, -4.0, 2.0), values(ints, df -> df.col("b").reversed(BinaryOp.FLOORDIV, 7L), rows));
        // a boolean divisor: // is filled ([5, -5, 0, 7, -7] // [T, F, T, F, T] is [5, -inf, 0, inf, -7]),
        // % is not (pandas' fill skips bool divisors, numpy's integer x % 0 is 0)
        assertEquals(List.of(5.0, -inf, 0.0, inf, -7.0), values(ints, df -> df.col("a").floordiv(df.col("p")), rows));
        assertEquals(List.of(0, 0, 0, 0, 0), values(ints, df -> df.col("a").mod(df.col("p")), rows));
        // a non-zero scalar divisor keeps integers, flooring: [5, -5, 0, 7, -7] // 2 is [2, -3, 0, 3, -4]
        assertEquals(List.of(2, -3, 0, 3, -4), values(ints, df -> df.col("a").floordiv(2L), rows));
        assertEquals(List.of(-1, -2, 0, -2, -1), values(ints, df -> df.col("a").mod(-3L), rows));
        // int32 // int32 by a series: numpy's int32 quotient, wrapped, before the widening
        Object[][] min = {ab(Integer.MIN_VALUE, -1, true)};
        assertEquals(List.of((double) Integer.MIN_VALUE), values(ints, df -> df.col("a").floordiv(df.col("a").floordiv(
                Integer.MIN_VALUE).neg()), min));
    }

    /** numpy's types: int32 with int32 (or a weak int that fits) stays int32 and wraps; int64 or a large scalar widens. */
    @Test
    void int32ArithmeticStaysInt32AndWrapsAsNumpy() {
        Object[][] rows = {ab(2_000_000_000, 1, true), ab(-3, 2, false)};
        assertEquals(ColumnType.INT, type(ints, df -> df.col("a").plus(df.col("a")), allocator));
        assertEquals(List.of(-294_967_296, -6), values(ints, df -> df.col("a").plus(df.col("a")), rows));
        assertEquals(List.of(-294_967_296, -6), values(ints, df -> df.col("a").times(2L), rows));
        assertEquals(List.of(2_000_000_000L + (1L << 40), -3L + (1L << 40)), values(ints, df -> df.col("a").plus(1L << 40), rows));
        assertEquals(List.of(2_000_000_000L, -6L), values(ints, df -> df.col("a").times(df.col("b")), rows));
        assertEquals(List.of(2_000_000_001, -3), values(ints, df -> df.col("a").plus(df.col("p")), rows));
        assertEquals(List.of(true, false), values(ints, df -> df.col("p").plus(df.col("p")), rows));
        assertEquals(List.of(2L, 1L), values(ints, df -> df.col("p").plus(1L), rows));
        assertEquals(List.of(1_000_000_000.0, -1.5), values(ints, df -> df.col("a").div(2L), rows));
        DataFrame sdf = DataFrame.create(ints, allocator);
        assertThrows(IllegalArgumentException.class, () -> sdf.col("p").minus(sdf.col("p")));
        assertThrows(IllegalArgumentException.class, () -> sdf.col("p").div(true));
        assertThrows(IllegalArgumentException.class, () -> sdf.col("a").pow(-1L));
    }

    // ------------------------------------------------------------------ unary, bitwise and shifts

    /** pandas: {@code -s}, {@code abs(s)}, {@code ~s} wrap at int32's least value; on bools minus and ~ are not. */
    @Test
    void unaryMinusAbsAndInvert() {
        Object[][] rows = {ab(1, 1, true), ab(-2, -2, false), ab(Integer.MIN_VALUE, Long.MIN_VALUE, true)};
        assertEquals(List.of(-1, 2, Integer.MIN_VALUE), values(ints, df -> df.col("a").neg(), rows));
        assertEquals(List.of(1, 2, Integer.MIN_VALUE), values(ints, df -> df.col("a").abs(), rows));
        assertEquals(List.of(-2, 1, Integer.MAX_VALUE), values(ints, df -> df.col("a").invert(), rows));
        assertEquals(List.of(-1L, 2L, Long.MIN_VALUE), values(ints, df -> df.col("b").neg(), rows));
        assertEquals(List.of(-2L, 1L, Long.MAX_VALUE), values(ints, df -> df.col("b").invert(), rows));
        assertEquals(List.of(false, true, false), values(ints, df -> df.col("p").neg(), rows));
        assertEquals(List.of(true, false, true), values(ints, df -> df.col("p").abs(), rows));
        assertEquals(List.of(false, true, false), values(ints, df -> df.col("p").invert(), rows));
        Object[][] doubles = {{-0.0, 1.0}, {0.0, 1.0}, {Double.NaN, 1.0}, {Double.NEGATIVE_INFINITY, 1.0}};
        assertEquals(List.of(0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY), values(xy, df -> df.col("x").neg(), doubles));
        assertEquals(List.of(0.0, 0.0, Double.NaN, Double.POSITIVE_INFINITY), values(xy, df -> df.col("x").abs(), doubles));
        DataFrame sdf = DataFrame.create(xy, allocator);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sdf.col("x").invert());
        assertEquals(true, e.getMessage().contains("'x'"), e.getMessage());
    }

    /**
     * {@code ^} is xor of bools and bitwise of ints; a bool with an int is bitwise on 0/1, read as
     * a bool (pandas: {@code [2, 3] & True} is {@code [False, True]}).
     */
    @Test
    void xorAndBitwiseOperatorsOfBooleansAndIntegers() {
        Object[][] rows = {ab(2, 6, true), ab(3, 5, true), ab(0, -1, false)};
        assertEquals(List.of(4L, 6L, -1L), values(ints, df -> df.col("a").xor(df.col("b")), rows));
        assertEquals(List.of(false, false, false), values(ints, df -> df.col("p").xor(df.col("p")), rows));
        assertEquals(List.of(false, false, true), values(ints, df -> df.col("p").xor(true), rows));
        assertEquals(List.of(false, true, false), values(ints, df -> df.col("a").and(true), rows));
        DataFrame sdf = DataFrame.create(xy, allocator);
        assertThrows(IllegalArgumentException.class, () -> sdf.col("x").xor(1L));
    }

    /**
     * numpy's shifts ({@code np.left_shift}, {@code np.right_shift}; pandas has no operator): a count
     * outside 0..63 gives 0 (left) or the sign (right) where Java would use the count's low bits;
     * an int32 shifted past 31 is 0. Floats are refused.
     */
    @Test
    void shiftsFollowNumpyForIntegersAndRefuseFloats() {
        Object[][] rows = {ab(1, 1, true), ab(1, 64, true), ab(1, -1, true), ab(1, 63, true), ab(1, 33, true)};
        assertEquals(List.of(6L, 0L, 0L, Long.MIN_VALUE, 3L << 33), values(ints, df -> df.col("b").times(0L).plus(3L)
                .shiftLeft(df.col("b")), rows));
        assertEquals(List.of(-4L, -1L, -1L, -1L, -1L), values(ints, df -> df.col("b").times(0L).minus(8L)
                .shiftRight(df.col("b")), rows));
        assertEquals(List.of(0, 0, 0, 0, 0), values(ints, df -> df.col("a").shiftLeft(33L), rows));
        assertEquals(List.of(Integer.MIN_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE, Integer.MIN_VALUE,
                Integer.MIN_VALUE), values(ints, df -> df.col("a").shiftLeft(31L), rows));
        assertEquals(List.of(2L, 2L, 2L, 2L, 2L), values(ints, df -> df.col("p").shiftLeft(1L), rows));
        DataFrame sdf = DataFrame.create(xy, allocator);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sdf.col("x").shiftLeft(1L));
        assertEquals(true, e.getMessage().contains("<<"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> sdf.col("x").shiftRight(1L));
    }

    // ------------------------------------------------------------------ cumulative

    /**
     * pandas: {@code cumsum} and {@code cumprod} of int32 are int64 (2e9 + 2e9 does not wrap),
     * {@code cummin}/{@code cummax} stay int32; of bools cumsum counts (int64) and cummax is a bool.
     */
    @Test
    void cumulativeSumsAndProductsOfInt32AndBoolsWidenToInt64() {
        List<List<Object[]>> frames = List.of(rows(ab(2_000_000_000, 1, true)),
                rows(ab(2_000_000_000, 1, false), ab(-1, 1, true)));
        DataFrame sdf = DataFrame.create(ints, allocator);
        DataFrame sums = sdf.cumsum();
        DataFrame prods = sdf.select(List.of("a")).cumprod();
        DataFrame mins = sdf.cummin();
        DataFrame maxs = sdf.cummax();
        assertEquals(ColumnType.LONG, sums.schema().field("a").type());
        assertEquals(ColumnType.LONG, sums.schema().field("p").type());
        assertEquals(ColumnType.INT, mins.schema().field("a").type());
        assertEquals(ColumnType.BOOLEAN, maxs.schema().field("p").type());
        List<List<Object>> a = sums.col("a").stream().map(ElementWiseTest::column).sinkToList();
        List<List<Object>> p = sums.col("p").stream().map(ElementWiseTest::column).sinkToList();
        List<List<Object>> prod = prods.col("a").stream().map(ElementWiseTest::column).sinkToList();
        List<List<Object>> min = mins.col("a").stream().map(ElementWiseTest::column).sinkToList();
        List<List<Object>> maxp = maxs.col("p").stream().map(ElementWiseTest::column).sinkToList();
        emit(sdf, ints, frames);
        assertEquals(List.of(List.of(2_000_000_000L), List.of(4_000_000_000L, 3_999_999_999L)), a);
        assertEquals(List.of(List.of(1L), List.of(1L, 2L)), p);
        assertEquals(List.of(List.of(2_000_000_000L), List.of(4_000_000_000_000_000_000L, -4_000_000_000_000_000_000L)), prod);
        assertEquals(List.of(List.of(2_000_000_000), List.of(2_000_000_000, -1)), min);
        assertEquals(List.of(List.of(true), List.of(true, true)), maxp);
    }

    /**
     * pandas over the whole history: after a frame ending in NaN the running sum goes on from the
     * last number (streamz 0.6.4 restarts from the NaN row and says 2.0 where pandas says 3.0);
     * NaN enters as pandas' fill, so {@code [-0.0, nan, -0.0].cumsum()} is {@code [-0.0, nan, 0.0]},
     * and extremes take the newer of equal values ({@code [0.0, -0.0].cummin()} is {@code [0.0, -0.0]}).
     */
    @Test
    void cumulativeOperationsContinuePastNaNAsPandas() {
        Schema x = Schema.builder().add("x", ColumnType.DOUBLE).build();
        DataFrame sdf = DataFrame.create(x, allocator);
        List<List<Object>> sums = sdf.cumsum().col("x").stream().map(ElementWiseTest::column).sinkToList();
        List<List<Object>> maxs = sdf.cummax().col("x").stream().map(ElementWiseTest::column).sinkToList();
        emit(sdf, x, List.of(doubles(1.0, Double.NaN), doubles(2.0)));
        assertEquals(List.of(List.of(1.0, Double.NaN), List.of(3.0)), sums);
        assertEquals(List.of(List.of(1.0, Double.NaN), List.of(2.0)), maxs);

        DataFrame zeros = DataFrame.create(x, allocator);
        List<List<Object>> zsum = zeros.cumsum().col("x").stream().map(ElementWiseTest::column).sinkToList();
        List<List<Object>> zmin = zeros.cummin().col("x").stream().map(ElementWiseTest::column).sinkToList();
        emit(zeros, x, List.of(doubles(-0.0, Double.NaN, -0.0), doubles(0.0, -0.0)));
        assertEquals(List.of(List.of(-0.0, Double.NaN, 0.0), List.of(0.0, 0.0)), zsum);
        assertEquals(List.of(List.of(-0.0, Double.NaN, -0.0), List.of(0.0, -0.0)), zmin);
    }

    // ------------------------------------------------------------------ reductions of booleans

    /** pandas: {@code (s > 0).sum()} counts the trues, {@code .mean()} is their fraction, min/max are 0/1. */
    @Test
    void booleanSeriesSumMeanMinMaxAsPandas() {
        Schema x = Schema.builder().add("x", ColumnType.DOUBLE).build();
        DataFrame sdf = DataFrame.create(x, allocator);
        Series positive = sdf.col("x").gt(0.0);
        List<Number> sum = positive.sum().sinkToList();
        List<Number> mean = positive.mean().sinkToList();
        List<Number> min = positive.min().sinkToList();
        List<Number> max = positive.max().sinkToList();
        List<Number> count = positive.count().sinkToList();
        List<List<Object>> cumsum = positive.cumsum().stream().map(ElementWiseTest::column).sinkToList();
        emit(sdf, x, List.of(doubles(1.0, -1.0, Double.NaN), doubles(3.0)));
        assertEquals(List.<Number>of(1L, 2L), sum);
        assertEquals(List.<Number>of(1.0 / 3, 2.0 / 4), mean);
        assertEquals(List.<Number>of(0L, 0L), min);
        assertEquals(List.<Number>of(1L, 1L), max);
        assertEquals(List.<Number>of(3L, 4L), count);
        assertEquals(List.of(List.of(1L, 1L, 1L), List.of(2L)), cumsum);
    }
}
