package io.streamz4j.frame.expr;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Field;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.kernel.BoundFilter;
import io.streamz4j.frame.kernel.RangeTest;
import io.streamz4j.frame.kernel.Values;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * An element-wise operator between two expressions, or an expression and a scalar (a number, or
 * a string for == and != on a string column, compared by dictionary id). The loop reads both
 * operands straight from the data buffers and writes the result buffer; the operand types and the
 * operator are fixed for the loop.
 *
 * <p>Thread safety: immutable.
 */
public final class Binary implements Expr {
    private final BinaryOp op;
    private final Expr left;
    private final Expr right;
    private final Object scalar;
    private final boolean scalarOnLeft;

    private Binary(BinaryOp op, Expr left, Expr right, Object scalar, boolean scalarOnLeft) {
        this.op = op;
        this.left = left;
        this.right = right;
        this.scalar = scalar;
        this.scalarOnLeft = scalarOnLeft;
    }

    /** {@code left op right}. */
    public static Binary of(Expr left, BinaryOp op, Expr right) {
        return new Binary(op, left, right, null, false);
    }

    /** {@code column op scalar} (or {@code scalar op column} when {@code scalarOnLeft}). */
    public static Binary withScalar(Expr column, BinaryOp op, Object scalar, boolean scalarOnLeft) {
        if (!(scalar instanceof Number || scalar instanceof String || scalar instanceof Boolean)) {
            throw new IllegalArgumentException("operator " + op.symbol() + " on '" + column.name()
                    + "': the scalar must be a number, string or boolean, got " + scalar);
        }
        return new Binary(op, column, null, scalar, scalarOnLeft);
    }

    /**
     * For {@code column op number} (a comparison of a plain column with a numeric or boolean
     * scalar): the column's name; null for anything else. With {@link #scalarTest} it is what
     * a {@link RowFilter} fuses into reductions.
     */
    String comparedColumn() {
        boolean numericScalar = scalar instanceof Number || scalar instanceof Boolean;
        return op.isComparison() && numericScalar && left instanceof ColumnRef ref ? ref.name() : null;
    }

    /** The test of a {@link #comparedColumn} comparison. */
    RangeTest scalarTest() {
        double s = scalar instanceof Boolean b ? (b ? 1 : 0) : ((Number) scalar).doubleValue();
        return ScalarComparison.of(op, scalarOnLeft, s);
    }

    /** The operands of {@code left & right} of two expressions; null for anything else. */
    Expr[] conjuncts() {
        return op == BinaryOp.AND && right != null ? new Expr[] {left, right} : null;
    }

    @Override
    public String name() {
        return left.name();
    }

    @Override
    public ColumnType type(Schema schema) {
        ColumnType l = left.type(schema);
        ColumnType r = right != null ? right.type(schema) : scalarType();
        if (op.isComparison()) {
            boolean strings = l == ColumnType.STRING || r == ColumnType.STRING;
            if (strings && !(l == r && (op == BinaryOp.EQ || op == BinaryOp.NE))) {
                throw mismatch(l, r);
            }
            return ColumnType.BOOLEAN;
        }
        if (op.isLogical()) {
            if (l != ColumnType.BOOLEAN || r != ColumnType.BOOLEAN) {
                throw mismatch(l, r);
            }
            return ColumnType.BOOLEAN;
        }
        if (!numericOrBool(l) || !numericOrBool(r)) {
            throw mismatch(l, r);
        }
        return integral(l) && integral(r) && op.keepsIntegral() ? ColumnType.LONG : ColumnType.DOUBLE;
    }

    private static boolean numericOrBool(ColumnType t) {
        return t.isNumeric() || t == ColumnType.BOOLEAN;
    }

    private static boolean integral(ColumnType t) {
        return t.isIntegral() || t == ColumnType.BOOLEAN;
    }

    private ColumnType scalarType() {
        if (scalar instanceof String) {
            return ColumnType.STRING;
        }
        if (scalar instanceof Boolean) {
            return ColumnType.BOOLEAN;
        }
        return scalar instanceof Double || scalar instanceof Float ? ColumnType.DOUBLE : ColumnType.LONG;
    }

    private IllegalArgumentException mismatch(ColumnType l, ColumnType r) {
        return new IllegalArgumentException("type mismatch in '" + left.name() + "' " + op.symbol() + " "
                + (right != null ? "'" + right.name() + "'" : String.valueOf(scalar)) + ": cannot apply "
                + op.symbol() + " to " + l + " and " + r);
    }

    @Override
    public Column evaluate(Frame frame, BufferAllocator allocator) {
        ColumnType resultType = type(frame.schema());
        Column l = left.evaluate(frame, allocator);
        Column r = null;
        try {
            r = right != null ? right.evaluate(frame, allocator) : null;
            int n = frame.rows();
            Column out = Column.allocate(Field.of(name(), resultType), n, allocator);
            long o = out.address();
            long la = l.checkedAddress();
            ColumnType lt = l.type();
            if (r != null) {
                long ra = r.checkedAddress();
                ColumnType rt = r.type();
                if (resultType == ColumnType.LONG) {
                    for (int i = 0; i < n; i++) {
                        Values.storeLong(resultType, o, i, op.apply(Values.loadLong(lt, la, i), Values.loadLong(rt, ra, i)));
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        Values.store(resultType, o, i, op.apply(Values.load(lt, la, i), Values.load(rt, ra, i)));
                    }
                }
            } else {
                withScalar(l, resultType, o, la, lt, n);
            }
            return out;
        } finally {
            l.release();
            if (r != null) {
                r.release();
            }
        }
    }

    private void withScalar(Column l, ColumnType resultType, long o, long la, ColumnType lt, int n) {
        if (resultType == ColumnType.LONG) {
            long s = ((Number) scalar).longValue();
            for (int i = 0; i < n; i++) {
                long v = Values.loadLong(lt, la, i);
                Values.storeLong(resultType, o, i, scalarOnLeft ? op.apply(s, v) : op.apply(v, s));
            }
            return;
        }
        double s;
        if (scalar instanceof String text) {
            // An unseen string has no id and so equals nothing: -1 is never an id.
            s = l.field().dictionary().lookup(text);
        } else if (scalar instanceof Boolean b) {
            s = b ? 1 : 0;
        } else {
            s = ((Number) scalar).doubleValue();
        }
        if (resultType == ColumnType.BOOLEAN) {
            compareToScalar(l, s, o, la, lt, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            double v = Values.load(lt, la, i);
            Values.store(resultType, o, i, scalarOnLeft ? op.apply(s, v) : op.apply(v, s));
        }
    }

    /** A comparison (or logical operator) with a scalar (a filter's mask): eight results packed per byte store. */
    private void compareToScalar(Column l, double s, long o, long la, ColumnType lt, int n) {
        if (op.isComparison()) {
            new BoundFilter().and(ScalarComparison.of(op, scalarOnLeft, s), l).writeMask(o);
            return;
        }
        int bits = 0;
        for (int i = 0; i < n; i++) {
            double v = Values.load(lt, la, i);
            double r = scalarOnLeft ? op.apply(s, v) : op.apply(v, s);
            bits |= (r != 0 ? 1 : 0) << (i & 7);
            if ((i & 7) == 7) {
                MemoryUtil.putByte(o + (i >>> 3), (byte) bits);
                bits = 0;
            }
        }
        if ((n & 7) != 0) {
            MemoryUtil.putByte(o + (n >>> 3), (byte) bits);
        }
    }
}
