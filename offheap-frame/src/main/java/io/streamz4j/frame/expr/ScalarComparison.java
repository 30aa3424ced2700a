package io.streamz4j.frame.expr;

import io.streamz4j.frame.kernel.RangeTest;

/**
 * The comparison operators with a scalar as the kernels' {@link RangeTest}s: {@code column op s},
 * or {@code s op column} (the operator mirrored).
 *
 * <p>Thread safety: stateless.
 */
final class ScalarComparison {
    private ScalarComparison() {
    }

    /** The test of {@code column op s} (or {@code s op column} when {@code scalarOnLeft}). */
    static RangeTest of(BinaryOp op, boolean scalarOnLeft, double s) {
        switch (scalarOnLeft ? mirrored(op) : op) {
            case GT: return RangeTest.greaterThan(s);
            case GE: return RangeTest.atLeast(s);
            case LT: return RangeTest.lessThan(s);
            case LE: return RangeTest.atMost(s);
            case EQ: return RangeTest.equalTo(s);
            case NE: return RangeTest.notEqualTo(s);
            default: throw new IllegalArgumentException("operator " + op.symbol() + " is not a comparison");
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
}
