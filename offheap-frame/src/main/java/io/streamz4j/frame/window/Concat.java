package io.streamz4j.frame.window;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.RangeLabels;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.kernel.Values;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.MemoryUtil;

import java.util.List;

/**
 * Row ranges of frames of one schema copied one after another into a new frame (pandas'
 * {@code concat} of a window's frames): one memory copy per column and part, bit by bit for
 * booleans. The labels are concatenated too, a part without an index giving its row numbers, so
 * under a schema with an index (a {@link io.streamz4j.frame.RangeLabels} one) every row keeps its
 * label, as in pandas.
 *
 * <p>Thread safety: stateless.
 */
final class Concat {
    private Concat() {
    }

    /** A new frame (owned by the caller) of rows {@code [from[i], parts[i].rows())} of each part in turn. */
    static Frame of(Schema schema, List<Frame> parts, int[] from, BufferAllocator allocator) {
        int total = 0;
        for (int i = 0; i < parts.size(); i++) {
            total += parts.get(i).rows() - from[i];
        }
        Column[] out = new Column[schema.size()];
        Column index = null;
        try {
            for (int c = 0; c < out.length; c++) {
                out[c] = Column.allocate(schema.field(c), total, allocator);
                int at = 0;
                for (int i = 0; i < parts.size(); i++) {
                    at += copy(parts.get(i).column(c), from[i], out[c], at);
                }
            }
            if (schema.index() != null) {
                index = Column.allocate(schema.index(), total, allocator);
                int at = 0;
                for (int i = 0; i < parts.size(); i++) {
                    Frame part = parts.get(i);
                    at += part.index() != null ? copy(part.index(), from[i], index, at)
                            : rowNumbers(from[i], part.rows(), index, at);
                }
            }
        } catch (RuntimeException | Error e) {
            Column.releaseAll(out);
            throw e;
        }
        return Frame.replacing(schema, out, index);
    }

    /** A part without an index has pandas' default labels: its row numbers {@code from..rows-1}. */
    private static int rowNumbers(int from, int rows, Column out, int at) {
        long dst = out.address();
        for (int r = from; r < rows; r++) {
            Values.storeLong(out.type(), dst, at++, r);
        }
        return rows - from;
    }

    private static int copy(Column in, int from, Column out, int at) {
        int n = in.rows() - from;
        int w = in.type().width();
        long src = in.checkedAddress();
        long dst = out.address();
        if (w > 0) {
            MemoryUtil.copyMemory(src + (long) w * from, dst + (long) w * at, (long) w * n);
        } else {
            for (int i = 0; i < n; i++) {
                Values.setBit(dst, at + i, Values.bit(src, from + i) != 0);
            }
        }
        return n;
    }
}
