package io.streamz4j.frame.expr;

import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.kernel.Values;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * A column compared with a scalar into a packed boolean mask (a filter's predicate), without a
 * branch on the data: each row is compared three ways ({@code <}, {@code ==}, {@code >}, each a
 * flag set without a jump) and the operator picks the flags it wants, so random data does not
 * mispredict a branch per row; eight rows make one byte store. NaN sets no flag, so it compares
 * false, except for {@code !=} (the flags inverted), as in pandas.
 *
 * <p>Thread safety: immutable.
 */
final class ScalarComparison {
    private final int wantLess;
    private final int wantEqual;
    private final int wantGreater;
    private final int invert;

    /** {@code column op scalar}, or {@code scalar op column} when {@code scalarOnLeft}. */
    ScalarComparison(BinaryOp op, boolean scalarOnLeft) {
        BinaryOp o = scalarOnLeft ? mirrored(op) : op;
        wantLess = o == BinaryOp.LT || o == BinaryOp.LE ? 1 : 0;
        wantGreater = o == BinaryOp.GT || o == BinaryOp.GE ? 1 : 0;
        wantEqual = o == BinaryOp.GE || o == BinaryOp.LE || o == BinaryOp.EQ || o == BinaryOp.NE ? 1 : 0;
        invert = o == BinaryOp.NE ? 1 : 0;
        if (!o.isComparison()) {
            throw new IllegalArgumentException("operator " + op.symbol() + " is not a comparison");
        }
    }

    private static BinaryOp mirrored(BinaryOp op) {
        switch (op) {
            case GT: return BinaryOp.LT;
            case GE: return BinaryOp.LE;
            case LT: return BinaryOp.GT;
            case LE: return BinaryOp.GE;
            default: return op;
        }
    }

    /** Writes the mask of rows {@code [0, n)} of the column at {@code a} (of {@code type}) into the bits at {@code o}. */
    void apply(ColumnType type, long a, int n, double s, long o) {
        int i = 0;
        for (; i + 7 < n; i += 8) {
            int bits = 0;
            for (int j = 0; j < 8; j++) {
                bits |= test(Values.load(type, a, i + j), s) << j;
            }
            MemoryUtil.putByte(o + (i >>> 3), (byte) bits);
        }
        if (i < n) {
            int bits = 0;
            for (int j = 0; i + j < n; j++) {
                bits |= test(Values.load(type, a, i + j), s) << j;
            }
            MemoryUtil.putByte(o + (i >>> 3), (byte) bits);
        }
    }

    private int test(double v, double s) {
        int less = v < s ? 1 : 0;
        int equal = v == s ? 1 : 0;
        int greater = v > s ? 1 : 0;
        return ((less & wantLess) | (equal & wantEqual) | (greater & wantGreater)) ^ invert;
    }
}
