package io.streamz4j.frame.expr;

/**
 * The element-wise operators between columns or a column and a scalar, with pandas' result types:
 * arithmetic on two integral operands stays integral (but true division and powers give doubles),
 * comparisons and logical operators give booleans.
 *
 * <p>Thread safety: immutable.
 */
public enum BinaryOp {
    PLUS("+"), MINUS("-"), TIMES("*"), DIV("/"), FLOORDIV("//"), MOD("%"), POW("**"),
    GT(">"), GE(">="), LT("<"), LE("<="), EQ("=="), NE("!="),
    AND("&"), OR("|");

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

    public boolean isLogical() {
        return this == AND || this == OR;
    }

    /** The operator on doubles, Python's rules: floor division and modulo round toward -infinity. */
    public double apply(double a, double b) {
        switch (this) {
            case PLUS: return a + b;
            case MINUS: return a - b;
            case TIMES: return a * b;
            case DIV: return a / b;
            case FLOORDIV: return Math.floor(a / b);
            case MOD: {
                double m = a % b;
                return m != 0 && (m < 0) != (b < 0) ? m + b : m;
            }
            case POW: return Math.pow(a, b);
            case GT: return a > b ? 1 : 0;
            case GE: return a >= b ? 1 : 0;
            case LT: return a < b ? 1 : 0;
            case LE: return a <= b ? 1 : 0;
            case EQ: return a == b ? 1 : 0;
            case NE: return a != b ? 1 : 0;
            case AND: return a != 0 && b != 0 ? 1 : 0;
            default: return a != 0 || b != 0 ? 1 : 0;
        }
    }

    /** The operator on longs (integral arithmetic); division by zero fails naming nothing, as Java's. */
    public long apply(long a, long b) {
        switch (this) {
            case PLUS: return a + b;
            case MINUS: return a - b;
            case TIMES: return a * b;
            case FLOORDIV: return Math.floorDiv(a, b);
            case MOD: return Math.floorMod(a, b);
            default: throw new IllegalStateException(this + " is not integral arithmetic");
        }
    }

    /** Whether two integral operands give an integral result. */
    public boolean keepsIntegral() {
        return this == PLUS || this == MINUS || this == TIMES || this == FLOORDIV || this == MOD;
    }
}
