package io.streamz4j.frame.expr;

import io.streamz4j.frame.ColumnType;

/**
 * The result type of a binary operator and the arithmetic it runs in, by numpy's promotion as
 * pandas 1.5 applies it: int32 with int32 stays int32 (and wraps there), int32 with int64 is int64,
 * a bool with an int is that int, anything with a float64 is float64. A Python-int scalar is weak
 * (numpy's value-based casting): it keeps an int32 column int32 when it fits, and makes a bool
 * column int64. {@code //} and {@code %} of integers whose divisor may be zero give float64,
 * as pandas' zero fill does; the others that pandas refuses (boolean minus and true division,
 * floats in bitwise operators, ordering strings against numbers) fail here, naming the operands.
 *
 * <p>Thread safety: immutable.
 *
 * @param result the result column's type
 * @param domain how each row is computed
 * @param int32  whether integer arithmetic wraps at 32 bits (a {@link Domain#FILLED_DIVISION}'s
 *               quotients are numpy's int32 ones before the widening to float64)
 */
record Promotion(ColumnType result, Domain domain, boolean int32) {
    Promotion(ColumnType result, Domain domain) {
        this(result, domain, result == ColumnType.INT);
    }

    /** How a row is computed. */
    enum Domain {
        /** {@link BinaryOp#apply(long, long)} on both operands read as longs. */
        LONGS,
        /** {@link BinaryOp#apply(double, double)} on both operands read as doubles. */
        DOUBLES,
        /** {@link BinaryOp#divideFilled}: integer {@code //} or {@code %} with pandas' fill for a zero divisor. */
        FILLED_DIVISION,
        /** A comparison of two string columns (or a column and a string), by the strings' code points. */
        STRINGS,
        /** {@code ==} or {@code !=} of strings with non-strings: never equal, as in pandas. */
        NEVER_EQUAL
    }

    /**
     * One operand: its type, and for a scalar whether it is zero and (for an integer scalar, which
     * is weak) whether it fits an int32.
     */
    record Side(ColumnType type, boolean scalar, boolean fitsInt32, boolean zero) {
        static Side column(ColumnType type) {
            return new Side(type, false, false, false);
        }

        static Side scalar(Object value) {
            if (value instanceof String) {
                return new Side(ColumnType.STRING, true, false, false);
            }
            if (value instanceof Boolean b) {
                return new Side(ColumnType.BOOLEAN, true, false, !b);
            }
            if (value instanceof Double || value instanceof Float) {
                return new Side(ColumnType.DOUBLE, true, false, ((Number) value).doubleValue() == 0);
            }
            long v = ((Number) value).longValue();
            return new Side(ColumnType.LONG, true, v == (int) v, v == 0);
        }

        boolean weakInt() {
            return scalar && type == ColumnType.LONG;
        }

        /** Whether values read exactly as longs (timestamps too, which compare as their nanoseconds). */
        boolean integral() {
            return type.isIntegral() || type == ColumnType.BOOLEAN || type == ColumnType.TIMESTAMP;
        }
    }

    /** The promotion of {@code a op b}; {@code what} names the operands for errors. */
    static Promotion of(BinaryOp op, Side a, Side b, String what) {
        ColumnType l = a.type;
        ColumnType r = b.type;
        if (op.isComparison()) {
            return comparison(op, a, b, what);
        }
        if (l == ColumnType.STRING || r == ColumnType.STRING || l == ColumnType.TIMESTAMP || r == ColumnType.TIMESTAMP) {
            throw refused(op, l, r, what, "");
        }
        boolean bothBool = l == ColumnType.BOOLEAN && r == ColumnType.BOOLEAN;
        boolean anyDouble = l == ColumnType.DOUBLE || r == ColumnType.DOUBLE;
        if (op.isLogical() || op.isShift()) {
            if (anyDouble) {
                throw refused(op, l, r, what, " (numpy has no float form of it)");
            }
            if (op.isLogical() && (l == ColumnType.BOOLEAN || r == ColumnType.BOOLEAN)) {
                // pandas computes bool-with-int bitwise on 0/1 and reads the result as bool
                return new Promotion(ColumnType.BOOLEAN, Domain.LONGS);
            }
            return new Promotion(bothBool ? ColumnType.LONG : integral(a, b), Domain.LONGS);
        }
        if (bothBool && op != BinaryOp.PLUS && op != BinaryOp.TIMES && op != BinaryOp.MOD) {
            throw refused(op, l, r, what, " (numpy and pandas refuse it for booleans)");
        }
        if (op == BinaryOp.DIV || anyDouble) {
            return new Promotion(ColumnType.DOUBLE, Domain.DOUBLES);
        }
        if (op.divides() && mayFill(op, b)) {
            boolean int32 = !bothBool && integral(a, b) == ColumnType.INT;
            return new Promotion(ColumnType.DOUBLE, Domain.FILLED_DIVISION, int32);
        }
        if (bothBool) {
            // + and * of booleans are numpy's logical or and and; % gives numpy's int8, held as int64
            return new Promotion(op == BinaryOp.MOD ? ColumnType.LONG : ColumnType.BOOLEAN, Domain.LONGS);
        }
        return new Promotion(integral(a, b), Domain.LONGS);
    }

    /**
     * Whether pandas fills the result of integer {@code a // b} or {@code a % b}, making it float64:
     * for {@code //} any divisor that may hold a zero (a column, or a zero scalar); for {@code %}
     * only an integer one (pandas' fill skips a boolean divisor, leaving numpy's 0).
     */
    private static boolean mayFill(BinaryOp op, Side divisor) {
        if (op == BinaryOp.MOD && divisor.type == ColumnType.BOOLEAN) {
            return false;
        }
        return !divisor.scalar || divisor.zero;
    }

    private static Promotion comparison(BinaryOp op, Side a, Side b, String what) {
        ColumnType l = a.type;
        ColumnType r = b.type;
        if (l == ColumnType.STRING || r == ColumnType.STRING) {
            if (l == r) {
                return new Promotion(ColumnType.BOOLEAN, Domain.STRINGS);
            }
            if (op == BinaryOp.EQ || op == BinaryOp.NE) {
                return new Promotion(ColumnType.BOOLEAN, Domain.NEVER_EQUAL);
            }
            throw refused(op, l, r, what, " (strings are ordered only against strings)");
        }
        return new Promotion(ColumnType.BOOLEAN, a.integral() && b.integral() ? Domain.LONGS : Domain.DOUBLES);
    }

    /** numpy's integer result type of two integral (or boolean) operands, at least one not boolean. */
    private static ColumnType integral(Side a, Side b) {
        if (a.type == ColumnType.LONG && !a.weakInt() || b.type == ColumnType.LONG && !b.weakInt()) {
            return ColumnType.LONG;
        }
        if (a.type == ColumnType.INT || b.type == ColumnType.INT) {
            Side other = a.type == ColumnType.INT ? b : a;
            return !other.weakInt() || other.fitsInt32 ? ColumnType.INT : ColumnType.LONG;
        }
        // a bool with a weak int (bool + 2), or two weak ints: numpy's default int64
        return ColumnType.LONG;
    }

    private static IllegalArgumentException refused(BinaryOp op, ColumnType l, ColumnType r, String what,
            String why) {
        return new IllegalArgumentException("type mismatch in " + what + ": cannot apply " + op.symbol() + " to "
                + l + " and " + r + why);
    }
}
