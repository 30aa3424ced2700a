package io.streamz4j.frame.expr;

/**
 * The element-wise operators between columns or a column and a scalar, computed as numpy computes
 * them for pandas: on doubles with numpy's floor division and modulo (signs of zero included), on
 * integers with two's-complement wrap-around at the result's width, floor rounding and numpy's
 * shift rules. Which of the two a pair of operands gets, and the result type, is
 * {@link Promotion}'s choice.
 *
 * <p>Thread safety: immutable.
 */
public enum BinaryOp {
    PLUS("+"), MINUS("-"), TIMES("*"), DIV("/"), FLOORDIV("//"), MOD("%"), POW("**"),
    GT(">"), GE(">="), LT("<"), LE("<="), EQ("=="), NE("!="),
    AND("&"), OR("|"), XOR("^"), SHL("<<"), SHR(">>");

    private final String symbol;

    BinaryOp(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    public boolean isComparison() {
        return ordinal() >= GT.ordinal() && ordinal() <= NE.ordinal();
    }

    /** {@code & | ^}: logical on booleans, bitwise on integers. */
    public boolean isLogical() {
        return this == AND || this == OR || this == XOR;
    }

    /** {@code << >>}: integers only, as numpy's {@code left_shift} and {@code right_shift} have no float loop. */
    public boolean isShift() {
        return this == SHL || this == SHR;
    }

    /** Whether the operator divides by its right operand ({@code //} and {@code %}), so a zero there needs pandas' fill. */
    public boolean divides() {
        return this == FLOORDIV || this == MOD;
    }

    /** The operator on doubles: numpy's float loops; comparisons give 1 or 0, and NaN compares false but for {@code !=}. */
    public double apply(double a, double b) {
        switch (this) {
            case PLUS: return a + b;
            case MINUS: return a - b;
            case TIMES: return a * b;
            case DIV: return a / b;
            case FLOORDIV: return floorDivide(a, b);
            case MOD: return remainder(a, b);
            case POW: return power(a, b);
            case GT: return a > b ? 1 : 0;
            case GE: return a >= b ? 1 : 0;
            case LT: return a < b ? 1 : 0;
            case LE: return a <= b ? 1 : 0;
            case EQ: return a == b ? 1 : 0;
            case NE: return a != b ? 1 : 0;
            default: throw new IllegalStateException(symbol + " has no float form");
        }
    }

    /**
     * The operator on integers (booleans as 0 and 1), wrapping as numpy's int64 does; a narrower
     * result keeps the low bits, which is what wrapping at that width gives. Division never reaches
     * here with a zero divisor that pandas fills ({@link #divideFilled}); numpy's own integer
     * division by zero gives 0.
     */
    public long apply(long a, long b) {
        switch (this) {
            case PLUS: return a + b;
            case MINUS: return a - b;
            case TIMES: return a * b;
            case FLOORDIV: return b == 0 ? 0 : Math.floorDiv(a, b);
            case MOD: return b == 0 ? 0 : Math.floorMod(a, b);
            case POW: return power(a, b);
            case GT: return a > b ? 1 : 0;
            case GE: return a >= b ? 1 : 0;
            case LT: return a < b ? 1 : 0;
            case LE: return a <= b ? 1 : 0;
            case EQ: return a == b ? 1 : 0;
            case NE: return a != b ? 1 : 0;
            case AND: return a & b;
            case OR: return a | b;
            case XOR: return a ^ b;
            // numpy shifts by a count outside [0, 64) give 0 (left) or the sign (right), where Java would mask the count
            case SHL: return b >= 0 && b < 64 ? a << b : 0;
            case SHR: return b >= 0 && b < 64 ? a >> b : a >> 63;
            default: throw new IllegalStateException(symbol + " has no integer form");
        }
    }

    /**
     * {@code //} or {@code %} of integers as pandas gives them when the divisor may be zero (the
     * result is then float64): a zero divisor gives +-inf or NaN for {@code //} (by the dividend's
     * sign) and NaN for {@code %}; any other divisor numpy's integer result ({@code int32}: wrapped
     * at 32 bits, as {@code -2**31 // -1} is in int32), widened.
     */
    public double divideFilled(long a, long b, boolean int32) {
        if (b == 0) {
            if (this == MOD || a == 0) {
                return Double.NaN;
            }
            return a > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
        long q = this == MOD ? Math.floorMod(a, b) : Math.floorDiv(a, b);
        return int32 ? (int) q : q;
    }

    /**
     * numpy's float floor division ({@code npy_floor_divide} over {@code npy_divmod}): the
     * quotient of {@code a - fmod(a, b)} snapped to the nearest integer, so {@code -12.0 // 0.3}
     * is -41 (not {@code floor(a / b)} = -40); a zero divisor gives {@code a / b}; a zero quotient
     * takes the sign of {@code a / b}.
     */
    static double floorDivide(double a, double b) {
        if (b == 0) {
            return a / b;
        }
        double mod = a % b;
        double div = (a - mod) / b;
        if (mod != 0 && (b < 0) != (mod < 0)) {
            div -= 1.0;
        }
        if (div == 0) {
            return Math.copySign(0.0, a / b);
        }
        double floor = Math.floor(div);
        return div - floor > 0.5 ? floor + 1.0 : floor;
    }

    /**
     * numpy's float remainder: {@code fmod} moved into the divisor's sign, and a zero remainder
     * signed as the divisor ({@code -4.0 % 2.0} is +0.0); a zero divisor gives NaN.
     */
    static double remainder(double a, double b) {
        double mod = a % b;
        if (b == 0) {
            return mod;
        }
        if (mod == 0) {
            return Math.copySign(0.0, b);
        }
        return (b < 0) != (mod < 0) ? mod + b : mod;
    }

    /**
     * C's {@code pow}, which numpy calls: as {@link Math#pow} but that 1 to any power, and -1 to an
     * infinite one, are 1 (Java gives NaN for {@code 1 ** nan} and {@code -1 ** inf}).
     */
    static double power(double a, double b) {
        if (a == 1.0 || a == -1.0 && Double.isInfinite(b)) {
            return 1.0;
        }
        return Math.pow(a, b);
    }

    /** numpy's integer power: square-and-multiply wrapping; a negative exponent is an error there too. */
    private static long power(long base, long exponent) {
        if (exponent < 0) {
            throw new ArithmeticException("** of integers: integers to negative integer powers are not allowed"
                    + " (got exponent " + exponent + "), as in numpy");
        }
        long result = 1;
        long b = base;
        for (long e = exponent; e != 0; e >>>= 1) {
            if ((e & 1) != 0) {
                result *= b;
            }
            b *= b;
        }
        return result;
    }
}
