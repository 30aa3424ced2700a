package io.streamz4j.frame.expr;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Field;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The frame's index as a column (pandas' {@code df.index}), so that it can be grouped by or
 * computed on ({@code df.index % 2}): evaluates to the frame's own index column, shared
 * (retained), never copied. Frames without an index have none to give.
 *
 * <p>Thread safety: immutable.
 */
public record IndexRef(String name) implements Expr {
    /** The index of frames of {@code schema}; an IllegalArgumentException if they have none. */
    public static IndexRef of(Schema schema, String operation) {
        Field index = schema.index();
        if (index == null) {
            throw new IllegalArgumentException(operation + ": the frames have no index (the schema "
                    + schema.names() + " declares none)");
        }
        return new IndexRef(index.name());
    }

    @Override
    public Column evaluate(Frame frame, BufferAllocator allocator) {
        Column index = frame.index();
        if (index == null) {
            throw new IllegalArgumentException("index '" + name + "': the frame has no index");
        }
        return index.retain();
    }

    @Override
    public ColumnType type(Schema schema) {
        if (schema.index() == null) {
            throw new IllegalArgumentException("index '" + name + "': frames of " + schema.names() + " have no index");
        }
        return schema.index().type();
    }
}
