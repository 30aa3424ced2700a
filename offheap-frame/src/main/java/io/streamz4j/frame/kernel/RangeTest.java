package io.streamz4j.frame.kernel;

import io.streamz4j.frame.ColumnType;

/**
 * A comparison of a numeric column with a scalar, as a range test: a value {@code v} passes when
 * {@code lo <= sign * v <= hi}, inverted for {@code !=}. Every comparison fits that shape
 * ({@code v > s} is {@code v >= nextUp(s)}, {@code v < s} is {@code -v >= nextUp(-s)}), so one
 * branch-free loop serves them all: two compares a row, each a flag set without a jump, so random
 * data mispredicts nothing. NaN fails both compares, so it passes only {@code !=}, as in pandas;
 * {@code -0.0} and {@code 0.0} compare equal, as in IEEE arithmetic.
 *
 * <p>Values are compared as doubles, as {@link Values#load} reads them (an INT or LONG column's
 * values converted).
 *
 * <p>Thread safety: immutable.
 *
 * @param sign   +1, or -1 to test {@code -v} (a less-than)
 * @param lo     the least value passing (NaN: none passes)
 * @param hi     the greatest value passing
 * @param invert 1 to invert the result ({@code !=}), else 0
 */
public record RangeTest(double sign, double lo, double hi, int invert) {
    /** {@code v > s}. */
    public static RangeTest greaterThan(double s) {
        return above(1, s);
    }

    /** {@code v >= s}. */
    public static RangeTest atLeast(double s) {
        return new RangeTest(1, s, Double.POSITIVE_INFINITY, 0);
    }

    /** {@code v < s}, that is {@code -v > -s}. */
    public static RangeTest lessThan(double s) {
        return above(-1, -s);
    }

    /** {@code v <= s}, that is {@code -v >= -s}. */
    public static RangeTest atMost(double s) {
        return new RangeTest(-1, -s, Double.POSITIVE_INFINITY, 0);
    }

    /** {@code v == s}. */
    public static RangeTest equalTo(double s) {
        return new RangeTest(1, s, s, 0);
    }

    /** {@code v != s} (true for NaN). */
    public static RangeTest notEqualTo(double s) {
        return new RangeTest(1, s, s, 1);
    }

    /** {@code sign * v > s}: nothing is above +infinity (nextUp would give +infinity back), and NaN stays NaN. */
    private static RangeTest above(double sign, double s) {
        double lo = s == Double.POSITIVE_INFINITY ? Double.NaN : Math.nextUp(s);
        return new RangeTest(sign, lo, Double.POSITIVE_INFINITY, 0);
    }

    /** Whether {@code hi} and {@code invert} matter: a one-sided test needs one compare a row. */
    public boolean twoSided() {
        return invert != 0 || hi != Double.POSITIVE_INFINITY;
    }

    /** 1 if {@code v} passes, else 0. */
    public int test(double v) {
        double w = sign * v;
        int atLeastLo = w >= lo ? 1 : 0;
        // NaN fails the first compare, so a one-sided test needs no second (the JIT unswitches on this)
        return twoSided() ? (atLeastLo & (w <= hi ? 1 : 0)) ^ invert : atLeastLo;
    }

    /** -1 (all bits set) if {@code v} passes, else 0: a mask to AND a kept value's bits with. */
    public long keep(double v) {
        // from an int select, sign-extended: the JIT makes an int select a cmov, but may turn a long one into a jump
        double w = sign * v;
        return twoSided() ? -(long) test(v) : (w >= lo ? -1 : 0);
    }

    /** Whether row {@code i} of a column of {@code type} at {@code a} passes (1) or not (0). */
    public int bit(ColumnType type, long a, int i) {
        return test(Values.load(type, a, i));
    }

    /** Rows {@code i .. i+7} as the bits of one byte, row {@code i} lowest (Arrow's bit order). */
    public int bits8(ColumnType type, long a, int i) {
        return test(Values.load(type, a, i))
                | test(Values.load(type, a, i + 1)) << 1
                | test(Values.load(type, a, i + 2)) << 2
                | test(Values.load(type, a, i + 3)) << 3
                | test(Values.load(type, a, i + 4)) << 4
                | test(Values.load(type, a, i + 5)) << 5
                | test(Values.load(type, a, i + 6)) << 6
                | test(Values.load(type, a, i + 7)) << 7;
    }
}
