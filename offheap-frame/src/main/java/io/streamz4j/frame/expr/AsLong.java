package io.streamz4j.frame.expr;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Field;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.kernel.Values;

import org.apache.arrow.memory.BufferAllocator;

/**
 * A boolean expression's values as int64 0 and 1: what pandas reduces when it sums or averages
 * booleans ({@code (df.x > 0).sum()} counts the trues, {@code .mean()} is their fraction), so the
 * numeric reductions serve boolean series unchanged.
 *
 * <p>Thread safety: immutable.
 */
public record AsLong(Expr operand) implements Expr {
    @Override
    public Column evaluate(Frame frame, BufferAllocator allocator) {
        type(frame.schema());
        Column in = operand.evaluate(frame, allocator);
        try {
            int n = in.rows();
            Column out = Column.allocateForOverwrite(Field.of(name(), ColumnType.LONG), n, allocator);
            long a = in.checkedAddress();
            long o = out.address();
            for (int i = 0; i < n; i++) {
                Values.storeLong(ColumnType.LONG, o, i, Values.bit(a, i));
            }
            return out;
        } finally {
            in.release();
        }
    }

    @Override
    public ColumnType type(Schema schema) {
        ColumnType t = operand.type(schema);
        if (t != ColumnType.BOOLEAN) {
            throw new IllegalArgumentException("'" + operand.name() + "' as 0/1: it is " + t + ", not BOOLEAN");
        }
        return ColumnType.LONG;
    }

    @Override
    public String name() {
        return operand.name();
    }
}
