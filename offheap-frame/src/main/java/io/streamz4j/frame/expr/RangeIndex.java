package io.streamz4j.frame.expr;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.RangeLabels;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.expr.Expr;

import org.apache.arrow.memory.BufferAllocator;

/**
 * pandas' default index as a column ({@code df.index} of frames that declare no index), so that
 * it can be grouped by or computed on ({@code df.groupby(df.index % 2)}): each frame's labels
 * 0..rows-1, made per frame, or the labels a frame carries ({@link RangeLabels}).
 *
 * <p>Thread safety: immutable.
 */
public final class RangeIndex implements Expr {
    public static final RangeIndex INSTANCE = new RangeIndex();

    private RangeIndex() {
    }

    @Override
    public Column evaluate(Frame frame, BufferAllocator allocator) {
        Column labels = frame.index();
        return labels != null ? labels.retain() : RangeLabels.range(0, frame.rows(), allocator);
    }

    @Override
    public ColumnType type(Schema schema) {
        return ColumnType.LONG;
    }

    @Override
    public String name() {
        return RangeLabels.FIELD.name();
    }

    @Override
    public String toString() {
        return "index";
    }
}
