package io.streamz4j.frame;

import io.streamz4j.frame.expr.RangeIndex;
import io.streamz4j.frame.kernel.Values;

import org.apache.arrow.memory.BufferAllocator;

/**
 * The labels of pandas' default index made explicit. A frame without an index column has the
 * labels 0..rows-1 (a pandas frame's RangeIndex); rows picked out of it ({@code df[mask]},
 * {@code tail}, a window's concatenation) keep the labels they had, as pandas keeps them (its
 * RangeIndex becomes an Int64Index). Such frames carry them as a LONG index column named
 * {@code "index"}, the name pandas' {@code reset_index} gives an unnamed index.
 *
 * <p>Thread safety: stateless.
 */
public final class RangeLabels {
    /** The index field of frames whose labels came from a default range index. */
    public static final Field FIELD = Field.of("index", ColumnType.LONG);

    private RangeLabels() {
    }

    /** {@code schema} itself when it has an index; otherwise the same columns with {@link #FIELD} as the index. */
    public static Schema labelled(Schema schema) {
        return schema.index() != null ? schema : schema.withIndex(FIELD);
    }

    /** A new LONG column {@code first, first + 1, ..., first + rows - 1}, owned by the caller. */
    public static Column range(long first, int rows, BufferAllocator allocator) {
        Column c = Column.allocate(FIELD, rows, allocator);
        long o = c.address();
        for (int i = 0; i < rows; i++) {
            Values.storeLong(ColumnType.LONG, o, i, first + i);
        }
        return c;
    }

    /** A new LONG column of the row numbers {@code rows[0..count)}, owned by the caller. */
    public static Column of(int[] rows, int count, BufferAllocator allocator) {
        Column c = Column.allocate(FIELD, count, allocator);
        long o = c.address();
        for (int i = 0; i < count; i++) {
            Values.storeLong(ColumnType.LONG, o, i, rows[i]);
        }
        return c;
    }

    /**
     * {@code frame}'s columns (shared) under {@code labelled} (its schema with {@link #FIELD} as the
     * index) with the labels {@code first..first + rows - 1}; takes over the caller's reference
     * to {@code frame} (released here) and returns a frame owned by the caller.
     */
    public static Frame attach(Frame frame, Schema labelled, long first, BufferAllocator allocator) {
        try {
            Column[] cols = new Column[frame.width()];
            for (int c = 0; c < cols.length; c++) {
                cols[c] = frame.column(c).retain();
            }
            return Frame.replacing(labelled, cols, range(first, frame.rows(), allocator));
        } finally {
            frame.release();
        }
    }
}
