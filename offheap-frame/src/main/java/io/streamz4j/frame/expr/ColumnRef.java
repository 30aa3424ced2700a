package io.streamz4j.frame.expr;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A column of the frame by name: evaluates to the frame's own column, shared (retained), never copied.
 *
 * <p>Thread safety: immutable.
 */
public record ColumnRef(String name) implements Expr {
    @Override
    public Column evaluate(Frame frame, BufferAllocator allocator) {
        return frame.column(name).retain();
    }

    @Override
    public ColumnType type(Schema schema) {
        return schema.field(name).type();
    }
}
