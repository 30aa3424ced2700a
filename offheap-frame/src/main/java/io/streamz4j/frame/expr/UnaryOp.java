package io.streamz4j.frame.expr;

import io.streamz4j.frame.ColumnType;

/**
 * The element-wise operators of one operand, as pandas applies them: {@code -s}, {@code abs(s)}
 * and {@code ~s}. All keep the operand's type. On booleans minus and {@code ~} are logical not and
 * {@code abs} is the identity; on integers they wrap ({@code -MIN} and {@code abs(MIN)} are MIN,
 * as in numpy); {@code ~} has no float form.
 *
 * <p>Thread safety: immutable.
 */
public enum UnaryOp {
    NEG("-"), ABS("abs"), INVERT("~");

    private final String symbol;

    UnaryOp(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    /** The result type for an operand of {@code type}; an IllegalArgumentException naming {@code operand} if none. */
    ColumnType type(ColumnType type, String operand) {
        boolean numeric = type.isNumeric() && (this != INVERT || type.isIntegral());
        if (!numeric && type != ColumnType.BOOLEAN) {
            throw new IllegalArgumentException(symbol + " of '" + operand + "': it is " + type + ", and " + symbol
                    + " applies to " + (this == INVERT ? "booleans and integers" : "numbers and booleans"));
        }
        return type;
    }

    /** Whether it turns booleans over (minus and {@code ~} do; {@code abs} keeps them). */
    boolean flipsBooleans() {
        return this != ABS;
    }

    /** On an integer, wrapping (the result's width keeps the low bits). */
    long apply(long v) {
        switch (this) {
            case NEG: return -v;
            case ABS: return Math.abs(v);
            default: return ~v;
        }
    }

    /** On a double: {@code abs(-0.0)} is 0.0 and the sign of NaN is dropped, as numpy's fabs. */
    double apply(double v) {
        return this == NEG ? -v : Math.abs(v);
    }
}
