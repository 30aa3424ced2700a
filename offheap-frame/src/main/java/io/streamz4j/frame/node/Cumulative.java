package io.streamz4j.frame.node;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Field;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.kernel.Values;

import org.apache.arrow.memory.BufferAllocator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * pandas' {@code cumsum}, {@code cumprod}, {@code cummin} and {@code cummax} carried across frames,
 * as streamz's cumulative aggregations: the state is the last running value of every column, and
 * each frame's result continues from it. Missing doubles (NaN) stay NaN in the output and enter
 * the running value as pandas' skipna fills them (0 for sums, 1 for products, +-inf for extremes),
 * which leaves the value as skipping would but for the sign of a zero sum, which comes out as
 * pandas gives it. The running value spans the whole history (streamz restarts from NaN after a
 * frame that ends in one; pandas' answer is the one given). Result types are
 * pandas': sums and products of int32 and boolean columns are int64 (so they do not wrap at 32
 * bits), minima and maxima keep the column's type (booleans as running and / or).
 *
 * <p>Thread safety: confined to the node that runs it (it keeps the running values).
 */
public final class Cumulative implements Function<Frame, Frame> {
    /** The four cumulative operators. */
    public enum Op {
        SUM, PROD, MIN, MAX;

        /** The next running value; on a tie the new value, so signed zeros come out as pandas gives them. */
        double apply(double acc, double v) {
            switch (this) {
                case SUM: return acc + v;
                case PROD: return acc * v;
                case MIN: return v <= acc ? v : acc;
                default: return v >= acc ? v : acc;
            }
        }

        /** What pandas accumulates in place of a NaN. */
        double missing() {
            switch (this) {
                case SUM: return 0.0;
                case PROD: return 1.0;
                case MIN: return Double.POSITIVE_INFINITY;
                default: return Double.NEGATIVE_INFINITY;
            }
        }

        long apply(long acc, long v) {
            switch (this) {
                case SUM: return acc + v;
                case PROD: return acc * v;
                case MIN: return Math.min(acc, v);
                default: return Math.max(acc, v);
            }
        }

        /** pandas' result type for a column of {@code type}. */
        ColumnType resultType(ColumnType type) {
            boolean widens = (this == SUM || this == PROD) && (type == ColumnType.INT || type == ColumnType.BOOLEAN);
            return widens ? ColumnType.LONG : type;
        }
    }

    private final Op op;
    private final Schema schema;
    private final BufferAllocator allocator;
    private double[] lastDouble;
    private long[] lastLong;
    private boolean[] started;

    public Cumulative(Op op, Schema input, BufferAllocator allocator) {
        List<Field> fields = new ArrayList<>();
        for (Field f : input.columns()) {
            if (!f.type().isNumeric() && f.type() != ColumnType.BOOLEAN) {
                throw new IllegalArgumentException("cum" + op.name().toLowerCase() + " of column '" + f.name()
                        + "': it is " + f.type() + ", not numeric or boolean");
            }
            ColumnType t = op.resultType(f.type());
            fields.add(t == f.type() ? f : Field.of(f.name(), t));
        }
        this.op = op;
        this.schema = Schema.of(fields, input.index());
        int n = input.size();
        this.allocator = allocator;
        this.lastDouble = new double[n];
        this.lastLong = new long[n];
        this.started = new boolean[n];
    }

    /** The schema of the frames it makes. */
    public Schema schema() {
        return schema;
    }

    @Override
    public Frame apply(Frame in) {
        Column[] out = new Column[in.width()];
        try {
            for (int c = 0; c < out.length; c++) {
                out[c] = running(c, in.column(c), schema.field(c));
            }
        } catch (RuntimeException | Error e) {
            Column.releaseAll(out);
            throw e;
        }
        return Frame.replacing(schema, out, in.index() == null ? null : in.index().retain());
    }

    private Column running(int c, Column in, Field field) {
        int n = in.rows();
        Column out = Column.allocate(field, n, allocator);
        long a = in.checkedAddress();
        long o = out.address();
        ColumnType t = in.type();
        if (t != ColumnType.DOUBLE) {
            long acc = lastLong[c];
            boolean any = started[c];
            for (int i = 0; i < n; i++) {
                long v = Values.loadLong(t, a, i);
                acc = any ? op.apply(acc, v) : v;
                any = true;
                Values.storeLong(field.type(), o, i, acc);
            }
            lastLong[c] = acc;
            started[c] = any;
        } else {
            double acc = lastDouble[c];
            boolean any = started[c];
            double missing = op.missing();
            for (int i = 0; i < n; i++) {
                double v = Values.load(t, a, i);
                double w = v == v ? v : missing;
                acc = any ? op.apply(acc, w) : w;
                any = true;
                Values.store(t, o, i, v == v ? acc : Double.NaN);
            }
            lastDouble[c] = acc;
            started[c] = any;
        }
        return out;
    }
}
