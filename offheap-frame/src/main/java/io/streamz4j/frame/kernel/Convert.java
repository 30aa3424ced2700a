package io.streamz4j.frame.kernel;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Field;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;

import org.apache.arrow.memory.BufferAllocator;

/**
 * Column-by-column value conversions that make new frames: {@code astype}, {@code round}, and the
 * range column of {@code reset_index}.
 *
 * <p>Thread safety: stateless.
 */
public final class Convert {
    private Convert() {
    }

    /** Maps one value of a column of {@code type}; the result is stored in the target column's type. */
    public interface ValueMap {
        double apply(double value, ColumnType type);
    }

    /** Every column of {@code in} mapped value by value into the columns of {@code target}. */
    public static Frame columns(Frame in, Schema target, BufferAllocator allocator, ValueMap f) {
        Column[] out = new Column[in.width()];
        try {
            for (int c = 0; c < out.length; c++) {
                Column src = in.column(c);
                Field field = target.field(c);
                if (src.type() == ColumnType.STRING && field.type() == ColumnType.STRING) {
                    out[c] = src.retain();
                    continue;
                }
                out[c] = Column.allocate(field, in.rows(), allocator);
                long a = src.checkedAddress();
                long o = out[c].address();
                ColumnType st = src.type();
                ColumnType tt = field.type();
                for (int i = 0, n = in.rows(); i < n; i++) {
                    Values.store(tt, o, i, f.apply(Values.load(st, a, i), st));
                }
            }
        } catch (RuntimeException | Error e) {
            Column.releaseAll(out);
            throw e;
        }
        return Frame.replacing(target, out, in.index() == null ? null : in.index().retain());
    }

    public static double cast(double value, ColumnType type) {
        return value;
    }

    /** numpy's round: scale, round half to even, unscale. */
    public static double round(double v, int decimals) {
        double scale = Math.pow(10, decimals);
        return decimals >= 0 ? Math.rint(v * scale) / scale : Math.rint(v / Math.pow(10, -decimals)) * Math.pow(10, -decimals);
    }

    /** A LONG column 0..rows-1 (pandas' default range index as values). */
    public static Column range(Field field, int rows, BufferAllocator allocator) {
        Column c = Column.allocate(field, rows, allocator);
        long o = c.address();
        for (int i = 0; i < rows; i++) {
            Values.storeLong(field.type(), o, i, i);
        }
        return c;
    }
}
