package io.streamz4j.frame.expr;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Field;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.kernel.Values;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * An operator of one expression ({@code -s}, {@code abs(s)}, {@code ~s}, pandas' {@code ~mask}):
 * one loop over the operand's data buffer, booleans a byte (eight rows) at a time.
 *
 * <p>Thread safety: immutable.
 */
public record Unary(UnaryOp op, Expr operand) implements Expr {
    @Override
    public Column evaluate(Frame frame, BufferAllocator allocator) {
        ColumnType t = type(frame.schema());
        Column in = operand.evaluate(frame, allocator);
        try {
            int n = in.rows();
            Column out = Column.allocate(Field.of(name(), t), n, allocator);
            long a = in.checkedAddress();
            long o = out.address();
            if (t == ColumnType.BOOLEAN) {
                int flip = op.flipsBooleans() ? 0xFF : 0;
                int bytes = (n + 7) >>> 3;
                for (int i = 0; i < bytes; i++) {
                    MemoryUtil.putByte(o + i, (byte) (MemoryUtil.getByte(a + i) ^ flip));
                }
                if ((n & 7) != 0) {
                    // bits past the last row stay clear, as a freshly built mask has them
                    long last = o + bytes - 1;
                    MemoryUtil.putByte(last, (byte) (MemoryUtil.getByte(last) & ((1 << (n & 7)) - 1)));
                }
            } else if (t == ColumnType.DOUBLE) {
                for (int i = 0; i < n; i++) {
                    Values.store(t, o, i, op.apply(Values.load(t, a, i)));
                }
            } else {
                for (int i = 0; i < n; i++) {
                    Values.storeLong(t, o, i, op.apply(Values.loadLong(t, a, i)));
                }
            }
            return out;
        } finally {
            in.release();
        }
    }

    @Override
    public ColumnType type(Schema schema) {
        return op.type(operand.type(schema), operand.name());
    }

    @Override
    public String name() {
        return operand.name();
    }
}
