package io.streamz4j.frame.expr;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Field;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.StringDictionary;
import io.streamz4j.frame.kernel.BoundFilter;
import io.streamz4j.frame.kernel.RangeTest;
import io.streamz4j.frame.kernel.Values;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * An element-wise operator between two expressions, or an expression and a scalar (a number,
 * boolean or string), with pandas' result types and values ({@link Promotion}, {@link BinaryOp}).
 * The loop reads both operands straight from the data buffers and writes the result buffer; the
 * operand types, the operator and the arithmetic are fixed for the loop. Strings compare as
 * strings, through {@link StringRanks} of the two columns' dictionaries, never by raw id.
 *
 * <p>Thread safety: immutable but for the cached {@link StringRanks}, an immutable snapshot
 * published whole through a volatile field (two threads racing on it both build a correct one);
 * evaluate from any thread.
 */
public final class Binary implements Expr {
    private final BinaryOp op;
    private final Expr left;
    private final Expr right;
    private final Object scalar;
    private final boolean scalarOnLeft;
    private volatile StringRanks ranks;

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
        boolean number = scalar instanceof Long || scalar instanceof Integer || scalar instanceof Short
                || scalar instanceof Byte || scalar instanceof Double || scalar instanceof Float;
        if (!(number || scalar instanceof String || scalar instanceof Boolean)) {
            throw new IllegalArgumentException("operator " + op.symbol() + " on '" + column.name()
                    + "': the scalar must be a number (int, long, float or double), string or boolean, got " + scalar);
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
        return ScalarComparison.of(op, scalarOnLeft, scalarAsDouble());
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
        return promotion(schema).result();
    }

    private Promotion promotion(Schema schema) {
        Promotion.Side column = Promotion.Side.column(left.type(schema));
        Promotion.Side other = right != null ? Promotion.Side.column(right.type(schema)) : Promotion.Side.scalar(scalar);
        String what = "'" + left.name() + "' " + op.symbol() + " "
                + (right != null ? "'" + right.name() + "'" : String.valueOf(scalar));
        Promotion p = scalarOnLeft ? Promotion.of(op, other, column, what) : Promotion.of(op, column, other, what);
        if (op == BinaryOp.POW && p.domain() == Promotion.Domain.LONGS && right == null && !scalarOnLeft
                && scalarAsLong() < 0) {
            throw new IllegalArgumentException("type mismatch in " + what + ": integers to negative integer powers"
                    + " are not allowed (as in numpy); use a float exponent");
        }
        return p;
    }

    private double scalarAsDouble() {
        return scalar instanceof Boolean b ? (b ? 1 : 0) : ((Number) scalar).doubleValue();
    }

    private long scalarAsLong() {
        return scalar instanceof Boolean b ? (b ? 1 : 0) : ((Number) scalar).longValue();
    }

    @Override
    public Column evaluate(Frame frame, BufferAllocator allocator) {
        Promotion p = promotion(frame.schema());
        Column l = left.evaluate(frame, allocator);
        Column r = null;
        Column out = null;
        try {
            r = right != null ? right.evaluate(frame, allocator) : null;
            out = Column.allocate(Field.of(name(), p.result()), frame.rows(), allocator);
            if (r != null) {
                columns(p, l, r, out);
            } else {
                withScalar(p, l, out);
            }
            Column done = out;
            out = null;
            return done;
        } finally {
            l.release();
            if (r != null) {
                r.release();
            }
            if (out != null) {
                out.release();
            }
        }
    }

    private void columns(Promotion p, Column l, Column r, Column out) {
        int n = out.rows();
        long o = out.address();
        long la = l.checkedAddress();
        long ra = r.checkedAddress();
        ColumnType lt = l.type();
        ColumnType rt = r.type();
        ColumnType t = p.result();
        switch (p.domain()) {
            case LONGS:
                for (int i = 0; i < n; i++) {
                    Values.storeLong(t, o, i, op.apply(Values.loadLong(lt, la, i), Values.loadLong(rt, ra, i)));
                }
                break;
            case FILLED_DIVISION:
                boolean int32 = p.int32();
                for (int i = 0; i < n; i++) {
                    Values.store(t, o, i, op.divideFilled(Values.loadLong(lt, la, i), Values.loadLong(rt, ra, i), int32));
                }
                break;
            case DOUBLES:
                for (int i = 0; i < n; i++) {
                    Values.store(t, o, i, op.apply(Values.load(lt, la, i), Values.load(rt, ra, i)));
                }
                break;
            case STRINGS: {
                StringDictionary ld = l.field().dictionary();
                StringDictionary rd = r.field().dictionary();
                if (ld == rd && (op == BinaryOp.EQ || op == BinaryOp.NE)) {
                    // one dictionary: equal strings are equal ids
                    compareRanks(null, la, null, ra, 1, n, o);
                } else {
                    StringRanks s = ranks(ld, rd, null);
                    compareRanks(s.leftRanks, la, s.rightRanks, ra, 1, n, o);
                }
                break;
            }
            default:
                fill(o, n, op == BinaryOp.NE);
        }
    }

    private void withScalar(Promotion p, Column l, Column out) {
        int n = out.rows();
        long o = out.address();
        long la = l.checkedAddress();
        ColumnType lt = l.type();
        ColumnType t = p.result();
        // A comparison of doubles, or of int32 and boolean values (exact as doubles), is the packed
        // branch-free range test; int64 and timestamps are not exact as doubles and compare below.
        if (op.isComparison() && (p.domain() == Promotion.Domain.DOUBLES
                || p.domain() == Promotion.Domain.LONGS && lt != ColumnType.LONG && lt != ColumnType.TIMESTAMP)) {
            new BoundFilter().and(scalarTest(), l).writeMask(o);
            return;
        }
        switch (p.domain()) {
            case LONGS: {
                long s = scalarAsLong();
                for (int i = 0; i < n; i++) {
                    long v = Values.loadLong(lt, la, i);
                    Values.storeLong(t, o, i, scalarOnLeft ? op.apply(s, v) : op.apply(v, s));
                }
                break;
            }
            case FILLED_DIVISION: {
                long s = scalarAsLong();
                boolean int32 = p.int32();
                for (int i = 0; i < n; i++) {
                    long v = Values.loadLong(lt, la, i);
                    Values.store(t, o, i, scalarOnLeft ? op.divideFilled(s, v, int32) : op.divideFilled(v, s, int32));
                }
                break;
            }
            case DOUBLES: {
                double s = scalarAsDouble();
                for (int i = 0; i < n; i++) {
                    double v = Values.load(lt, la, i);
                    Values.store(t, o, i, scalarOnLeft ? op.apply(s, v) : op.apply(v, s));
                }
                break;
            }
            case STRINGS: {
                StringDictionary d = l.field().dictionary();
                // a scalar on the left is the same comparison with the operands swapped
                int side = scalarOnLeft ? -1 : 1;
                if (op == BinaryOp.EQ || op == BinaryOp.NE) {
                    // the scalar's id, if the dictionary has it: -1 (no id) equals no row
                    compareRanks(null, la, null, d.lookup((String) scalar), side, n, o);
                } else {
                    StringRanks s = ranks(d, null, (String) scalar);
                    compareRanks(s.leftRanks, la, null, s.scalarRank, side, n, o);
                }
                break;
            }
            default:
                fill(o, n, op == BinaryOp.NE);
        }
    }

    /** Ranks of the strings of {@code l} and {@code r} (or {@code scalar}): the cached ones while they cover both. */
    private StringRanks ranks(StringDictionary l, StringDictionary r, String text) {
        StringRanks s = ranks;
        if (s == null || !s.covers(l, r)) {
            s = r != null ? StringRanks.of(l, r) : StringRanks.of(l, text, s);
            ranks = s;
        }
        return s;
    }

    /**
     * Writes {@code op} of the rows' string ranks as a packed mask: the left rank is {@code lr[id]}
     * of the column at {@code la} (the id itself with {@code lr} null), the right one {@code rr[id]}
     * of the column at {@code ra} (the id itself with {@code rr} null), or, against a scalar, the
     * scalar's rank (or id) {@code ra}; {@code side} -1 swaps the operands.
     */
    private void compareRanks(int[] lr, long la, int[] rr, long ra, int side, int n, long o) {
        boolean rightColumn = right != null;
        int bits = 0;
        for (int i = 0; i < n; i++) {
            int id = MemoryUtil.getInt(la + 4L * i);
            long a = lr != null ? lr[id] : id;
            long b = ra;
            if (rightColumn) {
                int rid = MemoryUtil.getInt(ra + 4L * i);
                b = rr != null ? rr[rid] : rid;
            }
            long r = side < 0 ? op.apply(b, a) : op.apply(a, b);
            bits |= (int) r << (i & 7);
            if ((i & 7) == 7) {
                MemoryUtil.putByte(o + (i >>> 3), (byte) bits);
                bits = 0;
            }
        }
        if ((n & 7) != 0) {
            MemoryUtil.putByte(o + (n >>> 3), (byte) bits);
        }
    }

    /** Every row of a boolean result {@code on} (or off: the buffer starts zeroed); bits past the last row stay 0. */
    private static void fill(long o, int n, boolean on) {
        if (on) {
            MemoryUtil.setMemory(o, n >>> 3, (byte) 0xFF);
            if ((n & 7) != 0) {
                MemoryUtil.putByte(o + (n >>> 3), (byte) ((1 << (n & 7)) - 1));
            }
        }
    }
}
