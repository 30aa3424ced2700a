package io.streamz4j.frame;

import io.streamz4j.Stream;
import io.streamz4j.frame.agg.Moments;
import io.streamz4j.frame.agg.Reduction;
import io.streamz4j.frame.agg.Statistic;
import io.streamz4j.frame.expr.Binary;
import io.streamz4j.frame.expr.BinaryOp;
import io.streamz4j.frame.expr.ColumnRef;
import io.streamz4j.frame.expr.Expr;
import io.streamz4j.frame.expr.Unary;
import io.streamz4j.frame.expr.UnaryOp;
import io.streamz4j.frame.groupby.GroupAggregate;
import io.streamz4j.frame.groupby.GroupReduction;
import io.streamz4j.frame.rolling.Rolling;
import io.streamz4j.frame.window.Ewm;
import io.streamz4j.frame.window.EwmSpec;
import io.streamz4j.frame.window.ExponentialMovingWindow;
import io.streamz4j.frame.window.Window;

import java.time.Duration;
import java.util.List;

/**
 * streamz's streaming {@code Series}: one column computed from every frame of a {@link DataFrame}
 * ({@code df.col("x")}, {@code df.col("x").plus(df.col("y"))}). Operators build an expression that
 * is evaluated per frame column-at-a-time, so two series of the same DataFrame combine without the
 * zip streamz needs. Reductions emit the running result (a Number) after every frame; a plain column
 * is reduced in place, with no copy.
 *
 * <p>Thread safety: as {@link DataFrame}.
 */
public final class Series {
    private final DataFrame root;
    private final Expr expr;

    public Series(DataFrame root, Expr expr) {
        this.root = root;
        this.expr = expr;
        expr.type(root.schema());
    }

    public Expr expr() {
        return expr;
    }

    public String name() {
        return expr.name();
    }

    public ColumnType type() {
        return expr.type(root.schema());
    }

    /** The field this series' values have (a column's own field, sharing its dictionary, if a plain column). */
    Field field() {
        return expr instanceof ColumnRef ref ? root.schema().field(ref.name()) : Field.of(name(), type());
    }

    public void requireOver(DataFrame df, String operation) {
        if (df != root && df.stream() != root.stream()) {
            throw new IllegalArgumentException(operation + ": series '" + name() + "' comes from another DataFrame;"
                    + " combine series of one DataFrame");
        }
    }

    /** The series as a one-column DataFrame of new frames (pandas' {@code to_frame}). */
    public DataFrame toFrame() {
        Schema schema = Schema.of(List.of(field()), root.schema().index());
        return root.mapFrames("to_frame", schema, f -> {
            Column c = expr.evaluate(f, root.allocator());
            return Frame.of(schema, List.of(c), f.index() == null ? null : f.index().retain());
        });
    }

    /** A stream of one-column frames (streamz's {@code series.stream}). */
    public Stream<Frame> stream() {
        return toFrame().stream();
    }

    // ------------------------------------------------------------------ element-wise

    /** {@code s op other}, where {@code other} is a series over the same frames or a scalar (number, boolean, string). */
    public Series op(BinaryOp op, Object other) {
        if (other instanceof Series s) {
            s.requireOver(root, op.symbol());
            return new Series(root, Binary.of(expr, op, s.expr));
        }
        return new Series(root, Binary.withScalar(expr, op, other, false));
    }

    /** {@code s + other}, where {@code other} is a series over the same frames or a scalar. */
    public Series plus(Object other) {
        return op(BinaryOp.PLUS, other);
    }

    /** {@code s - other}. */
    public Series minus(Object other) {
        return op(BinaryOp.MINUS, other);
    }

    /** {@code s * other}: integral when both sides are. */
    public Series times(Object other) {
        return op(BinaryOp.TIMES, other);
    }

    /** {@code s / other}: true division, always a double column (x / 0 is inf or NaN, as in numpy). */
    public Series div(Object other) {
        return op(BinaryOp.DIV, other);
    }

    /**
     * {@code s // other}: rounds toward negative infinity with numpy's rules ({@code -12.0 // 0.3}
     * is -41.0, {@code inf // 3.0} NaN, signed zeros as numpy gives them). Integers stay integers
     * for a non-zero scalar divisor; a divisor that may be zero (a series, or 0) makes the result
     * double, with +-inf or NaN where it is zero, as pandas fills it.
     */
    public Series floordiv(Object other) {
        return op(BinaryOp.FLOORDIV, other);
    }

    /**
     * {@code s % other}: the result takes the divisor's sign, a zero result too ({@code -4.0 % 2.0}
     * is +0.0), as numpy's; integers by an integer divisor that may be zero give doubles, NaN where
     * it is zero, as pandas fills it.
     */
    public Series mod(Object other) {
        return op(BinaryOp.MOD, other);
    }

    /** {@code s ** other}: integral (wrapping) for integer operands, as numpy's; negative integer exponents are refused. */
    public Series pow(Object other) {
        return op(BinaryOp.POW, other);
    }

    /** {@code scalar op series}, for the reflected operators ({@code 2 - s}, {@code 7 // s}). */
    public Series reversed(BinaryOp op, Object scalar) {
        return new Series(root, Binary.withScalar(expr, op, scalar, true));
    }

    /** {@code s > other}: a boolean series, for {@link DataFrame#where}. Strings compare as Python's do, by code point. */
    public Series gt(Object other) {
        return op(BinaryOp.GT, other);
    }

    /** {@code s >= other}. */
    public Series ge(Object other) {
        return op(BinaryOp.GE, other);
    }

    /** {@code s < other}: NaN compares false, as in pandas. */
    public Series lt(Object other) {
        return op(BinaryOp.LT, other);
    }

    /** {@code s <= other}. */
    public Series le(Object other) {
        return op(BinaryOp.LE, other);
    }

    /**
     * {@code s == other}: strings compare as strings (two string columns each have their own
     * dictionary), a string never equals a number, NaN equals nothing.
     */
    public Series eq(Object other) {
        return op(BinaryOp.EQ, other);
    }

    /** {@code s != other}: true for NaN. */
    public Series ne(Object other) {
        return op(BinaryOp.NE, other);
    }

    /** {@code s & other}: logical of booleans, bitwise of integers (a boolean with an integer: bitwise, read as a boolean). */
    public Series and(Object other) {
        return op(BinaryOp.AND, other);
    }

    /** {@code s | other}. */
    public Series or(Object other) {
        return op(BinaryOp.OR, other);
    }

    /** {@code s ^ other}: exclusive or of booleans, bitwise of integers. */
    public Series xor(Object other) {
        return op(BinaryOp.XOR, other);
    }

    /**
     * {@code np.left_shift(s, other)} (pandas' Series has no {@code <<}) of integer series: a
     * count outside 0..63 gives 0, where Java would shift by the count's low bits; floats are refused.
     */
    public Series shiftLeft(Object other) {
        return op(BinaryOp.SHL, other);
    }

    /** {@code np.right_shift(s, other)}: arithmetic; a count outside 0..63 gives the sign (0 or -1). */
    public Series shiftRight(Object other) {
        return op(BinaryOp.SHR, other);
    }

    /** {@code ~s}: logical not of a boolean series, bitwise not of an integer one. */
    public Series invert() {
        return new Series(root, new Unary(UnaryOp.INVERT, expr));
    }

    /** {@code ~mask}, {@link #invert} by its logical name. */
    public Series not() {
        return invert();
    }

    /** {@code -s}: wraps for integers; on booleans pandas' logical not. */
    public Series neg() {
        return new Series(root, new Unary(UnaryOp.NEG, expr));
    }

    /** {@code abs(s)}: wraps for the least integer, as numpy's. */
    public Series abs() {
        return new Series(root, new Unary(UnaryOp.ABS, expr));
    }

    // ------------------------------------------------------------------ reductions

    /**
     * The DataFrame whose frames hold this series' column under {@link #name()}; a boolean one is
     * reduced from its bits as 0 and 1, as pandas reduces booleans (a sum counts the trues, a mean
     * is their fraction; min and max come out as 0 or 1).
     */
    private DataFrame reducible() {
        return expr instanceof ColumnRef ? root : toFrame();
    }

    @SuppressWarnings("unchecked")
    private Stream<Number> reduce(Statistic statistic, int ddof) {
        Reduction r = Reduction.ofSeries(statistic, name(), ddof);
        return (Stream<Number>) (Stream<?>) reducible().aggregate(r);
    }

    @SuppressWarnings("unchecked")
    private Stream<Number> reduceFrom(Statistic statistic, double sum, long count) {
        Reduction r = Reduction.ofSeries(statistic, name(), 1);
        DataFrame input = reducible();
        Moments start = r.initial(input.schema()).start(0, sum, count);
        return (Stream<Number>) (Stream<?>) input.aggregate(r, start);
    }

    public Stream<Number> sum() {
        return reduce(Statistic.SUM, 1);
    }

    /** {@code sum(start=s)}: continues from a saved running sum. */
    public Stream<Number> sum(double start) {
        return reduceFrom(Statistic.SUM, start, 0);
    }

    public Stream<Number> mean() {
        return reduce(Statistic.MEAN, 1);
    }

    /** {@code mean(start=(total, count))}. */
    public Stream<Number> mean(double total, long count) {
        return reduceFrom(Statistic.MEAN, total, count);
    }

    public Stream<Number> count() {
        return reduce(Statistic.COUNT, 1);
    }

    /** {@code count(start=n)}. */
    public Stream<Number> count(long start) {
        return reduceFrom(Statistic.COUNT, 0, start);
    }

    public Stream<Number> size() {
        return reduce(Statistic.SIZE, 1);
    }

    public Stream<Number> min() {
        return reduce(Statistic.MIN, 1);
    }

    public Stream<Number> max() {
        return reduce(Statistic.MAX, 1);
    }

    public Stream<Number> var(int ddof) {
        return reduce(Statistic.VAR, ddof);
    }

    public Stream<Number> std(int ddof) {
        return reduce(Statistic.STD, ddof);
    }

    /** Running counts of each value, keys ascending (streamz's ValueCounts adds aligned counts); chainable. */
    public GroupAggregate valueCounts() {
        DataFrame input = reducible();
        GroupReduction counts = new GroupReduction(name(), List.of(), Statistic.SIZE, 0);
        return Stream.build(() -> new GroupAggregate(input.stream(), counts, counts.initial(input.schema())));
    }

    public DataFrame cumsum() {
        return toFrame().cumsum();
    }

    public DataFrame cumprod() {
        return toFrame().cumprod();
    }

    public DataFrame cummin() {
        return toFrame().cummin();
    }

    public DataFrame cummax() {
        return toFrame().cummax();
    }

    @Override
    public String toString() {
        return "Series(" + name() + ": " + type() + ")";
    }

    // ------------------------------------------------------------------ windows, rolling, ewm

    /** The DataFrame holding this series as column {@link #name()} (the root for a plain column). */
    private DataFrame windowInput() {
        return expr instanceof ColumnRef ? root : toFrame();
    }

    /** {@code s.window(n)}. */
    public Window window(long n) {
        return windowInput().window(n).col(name());
    }

    /** {@code s.window(value=span)}. */
    public Window window(Duration span) {
        return windowInput().window(span).col(name());
    }

    /** {@code s.window("2h")}. */
    public Window window(String span) {
        return windowInput().window(span).col(name());
    }

    /** {@code s.expanding()}. */
    public Window expanding() {
        return windowInput().expanding().col(name());
    }

    /** {@code s.ewm(com)}. */
    public Ewm ewm(double com) {
        return windowInput().ewm(com).col(name());
    }

    /** {@code s.rolling(n)}. */
    public Rolling rolling(long n) {
        return windowInput().rolling(n).col(name());
    }

    /** {@code s.rolling(span)}. */
    public Rolling rolling(Duration span) {
        return windowInput().rolling(span).col(name());
    }

    /** {@code s.rolling("2h")}. */
    public Rolling rolling(String span) {
        return windowInput().rolling(span).col(name());
    }

    // ------------------------------------------------------------------ pandas' ewm, row by row

    /**
     * pandas' {@code s.ewm(...)} row by row ({@code s.ewm(EwmSpec.span(10)).mean()}): each frame's
     * rows with their weighted statistics over all rows so far, as a one-column DataFrame with the
     * frames' labels.
     */
    public ExponentialMovingWindow ewm(EwmSpec spec) {
        return ExponentialMovingWindow.of(windowInput(), spec, List.of(name()));
    }
}
