package io.streamz4j.frame.window;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.kernel.BitKernels;

import org.apache.arrow.memory.BufferAllocator;

import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The frame-to-frame step of an exponentially weighted statistic: for each column, one
 * {@link EwmRecurrence} carried across frames, writing each row's value into a new DOUBLE column;
 * the frame's index (its labels) is kept.
 *
 * <p>Thread safety: the recurrences are confined to the node that applies this function.
 */
final class EwmRows implements Function<Frame, Frame> {
    private final Schema result;
    private final List<String> columns;
    private final EwmRecurrence[] recurrences;
    private final BufferAllocator allocator;

    EwmRows(Schema result, List<String> columns, Supplier<EwmRecurrence> recurrence, BufferAllocator allocator) {
        this.result = result;
        this.columns = List.copyOf(columns);
        this.recurrences = new EwmRecurrence[columns.size()];
        for (int c = 0; c < recurrences.length; c++) {
            recurrences[c] = recurrence.get();
        }
        this.allocator = allocator;
    }

    @Override
    public Frame apply(Frame frame) {
        int n = frame.rows();
        Column[] out = new Column[recurrences.length];
        try {
            for (int c = 0; c < out.length; c++) {
                Column in = frame.column(columns.get(c));
                out[c] = Column.allocateForOverwrite(result.field(c), n, allocator);
                if (in.type() == ColumnType.BOOLEAN) {
                    runBooleans(c, in, out[c].address());
                } else {
                    recurrences[c].run(in.type(), in.checkedAddress(), n, out[c].address());
                }
            }
        } catch (RuntimeException | Error e) {
            Column.releaseAll(out);
            throw e;
        }
        Column index = frame.index();
        return Frame.replacing(result, out, index == null ? null : index.retain());
    }

    /** Runs a BOOLEAN column's recurrence over its 0.0/1.0 doubles (pandas' view), made once for the frame. */
    private void runBooleans(int c, Column in, long out) {
        Column doubles = BitKernels.asDoubles(in, allocator);
        try {
            recurrences[c].run(ColumnType.DOUBLE, doubles.checkedAddress(), in.rows(), out);
        } finally {
            doubles.release();
        }
    }
}
