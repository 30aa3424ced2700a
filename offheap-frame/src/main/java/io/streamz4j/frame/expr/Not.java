package io.streamz4j.frame.expr;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Field;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.kernel.Values;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Logical negation of a boolean expression (pandas' {@code ~mask}).
 *
 * <p>Thread safety: immutable.
 */
public record Not(Expr operand) implements Expr {
    @Override
    public Column evaluate(Frame frame, BufferAllocator allocator) {
        type(frame.schema());
        Column in = operand.evaluate(frame, allocator);
        try {
            int n = in.rows();
            Column out = Column.allocate(Field.of(name(), ColumnType.BOOLEAN), n, allocator);
            long a = in.checkedAddress();
            long o = out.address();
            for (int i = 0; i < n; i++) {
                Values.setBit(o, i, Values.bit(a, i) == 0);
            }
            return out;
        } finally {
            in.release();
        }
    }

    @Override
    public ColumnType type(Schema schema) {
        if (operand.type(schema) != ColumnType.BOOLEAN) {
            throw new IllegalArgumentException("~ needs a boolean column, '" + operand.name() + "' is "
                    + operand.type(schema));
        }
        return ColumnType.BOOLEAN;
    }

    @Override
    public String name() {
        return operand.name();
    }
}
