package io.streamz4j.frame.node;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.Field;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.kernel.Values;

import org.apache.arrow.memory.BufferAllocator;

import java.util.function.Function;

/**
 * pandas' {@code cumsum}, {@code cumprod}, {@code cummin} and {@code cummax} carried across frames,
 * as streamz's cumulative aggregations: the state is the last running value of every column, and
 * each frame's result continues from it. Missing doubles (NaN) stay NaN in the output and are
 * skipped by the running value, as pandas' skipna does. Integral columns stay integral.
 *
 * <p>Thread safety: confined to the node that runs it (it keeps the running values).
 */
public final class Cumulative implements Function<Frame, Frame> {
    /** The four cumulative operators. */
    public enum Op {
        SUM, PROD, MIN, MAX;

        double apply(double acc, double v) {
            switch (this) {
                case SUM: return acc + v;
                case PROD: return acc * v;
                case MIN: return Math.min(acc, v);
                default: return Math.max(acc, v);
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
    }

    private final Op op;
    private final BufferAllocator allocator;
    private double[] lastDouble;
    private long[] lastLong;
    private boolean[] started;

    public Cumulative(Op op, Schema schema, BufferAllocator allocator) {
        for (Field f : schema.columns()) {
            if (!f.type().isNumeric()) {
                throw new IllegalArgumentException("cum" + op.name().toLowerCase() + " of column '" + f.name()
                        + "': it is " + f.type() + ", not numeric");
            }
        }
        this.op = op;
        this.allocator = allocator;
        int n = schema.size();
        this.lastDouble = new double[n];
        this.lastLong = new long[n];
        this.started = new boolean[n];
    }

    @Override
    public Frame apply(Frame in) {
        Column[] out = new Column[in.width()];
        for (int c = 0; c < out.length; c++) {
            out[c] = running(c, in.column(c));
        }
        return Frame.replacing(in.schema(), out, in.index() == null ? null : in.index().retain());
    }

    private Column running(int c, Column in) {
        int n = in.rows();
        Column out = Column.allocate(in.field(), n, allocator);
        long a = in.checkedAddress();
        long o = out.address();
        if (in.type().isIntegral()) {
            long acc = lastLong[c];
            boolean any = started[c];
            for (int i = 0; i < n; i++) {
                long v = Values.loadLong(in.type(), a, i);
                acc = any ? op.apply(acc, v) : v;
                any = true;
                Values.storeLong(in.type(), o, i, acc);
            }
            lastLong[c] = acc;
            started[c] = any;
        } else {
            double acc = lastDouble[c];
            boolean any = started[c];
            for (int i = 0; i < n; i++) {
                double v = Values.load(in.type(), a, i);
                if (v == v) {
                    acc = any ? op.apply(acc, v) : v;
                    any = true;
                }
                Values.store(in.type(), o, i, v == v ? acc : Double.NaN);
            }
            lastDouble[c] = acc;
            started[c] = any;
        }
        return out;
    }
}
