package io.streamz4j.frame.expr;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A column computed from a frame: a column reference, or operators applied to columns and
 * scalars. A {@link io.streamz4j.frame.Series} is a stream of frames and an expression over
 * them, so {@code df.col("x").plus(df.col("y"))} is evaluated on each frame, column at a time,
 * without zipping two streams as streamz must.
 *
 * <p>Thread safety: immutable; evaluate from any thread.
 */
public interface Expr {
    /** The result column for {@code frame}, owned by the caller (a reference may share the frame's column). */
    Column evaluate(Frame frame, BufferAllocator allocator);

    /** The result type over frames of {@code schema}; an IllegalArgumentException naming the column if it cannot apply. */
    ColumnType type(Schema schema);

    /** The name pandas gives the result (the column's name; for operators, the left operand's). */
    String name();

    /** A column of the frame. */
    static Expr col(String name) {
        return new ColumnRef(name);
    }
}
