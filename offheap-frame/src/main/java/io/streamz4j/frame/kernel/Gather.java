package io.streamz4j.frame.kernel;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Frame;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Copies chosen rows of a frame into a new frame: boolean filtering ({@code df[mask]}) and
 * {@code tail}. The mask becomes a list of row numbers once, then each column is gathered with
 * a width-specific loop of plain loads and stores; a contiguous range is one memory copy.
 *
 * <p>Thread safety: stateless.
 */
public final class Gather {
    private Gather() {
    }

    /** The rows whose bit is set in a boolean column, into {@code rows} (grown if short); returns it and sets count in [0]. */
    public static int selected(Column mask, int[] rows) {
        if (mask.type() != ColumnType.BOOLEAN) {
            throw new IllegalArgumentException("a filter needs a boolean column, '" + mask.name() + "' is " + mask.type());
        }
        long a = mask.checkedAddress();
        int n = mask.rows();
        int k = 0;
        for (int i = 0; i < n; i++) {
            rows[k] = i;
            k += Values.bit(a, i);
        }
        return k;
    }

    /** A new frame of rows {@code rows[0..count)} of {@code frame}, owned by the caller. */
    public static Frame rows(Frame frame, int[] rows, int count, BufferAllocator allocator) {
        Column[] out = new Column[frame.width()];
        Column index = null;
        try {
            for (int c = 0; c < out.length; c++) {
                out[c] = column(frame.column(c), rows, count, allocator);
            }
            if (frame.index() != null) {
                index = column(frame.index(), rows, count, allocator);
            }
        } catch (RuntimeException | Error e) {
            Column.releaseAll(out);
            throw e;
        }
        return Frame.replacing(frame.schema(), out, index);
    }

    /** A new frame of the contiguous rows [from, from + count). */
    public static Frame range(Frame frame, int from, int count, BufferAllocator allocator) {
        int[] rows = new int[count];
        for (int i = 0; i < count; i++) {
            rows[i] = from + i;
        }
        return rows(frame, rows, count, allocator);
    }

    /** A new column of rows {@code rows[0..count)} of {@code in}, owned by the caller. */
    public static Column column(Column in, int[] rows, int count, BufferAllocator allocator) {
        long a = in.checkedAddress();
        Column out = Column.allocate(in.field(), count, allocator);
        long o = out.address();
        switch (in.type().width()) {
            case 8:
                for (int i = 0; i < count; i++) {
                    MemoryUtil.putLong(o + 8L * i, MemoryUtil.getLong(a + 8L * rows[i]));
                }
                break;
            case 4:
                for (int i = 0; i < count; i++) {
                    MemoryUtil.putInt(o + 4L * i, MemoryUtil.getInt(a + 4L * rows[i]));
                }
                break;
            default:
                for (int i = 0; i < count; i++) {
                    Values.setBit(o, i, Values.bit(a, rows[i]) != 0);
                }
        }
        return out;
    }
}
