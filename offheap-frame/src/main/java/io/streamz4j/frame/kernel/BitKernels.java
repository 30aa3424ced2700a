package io.streamz4j.frame.kernel;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Field;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Reductions of BOOLEAN columns, as pandas reduces booleans (as 0 and 1): a boolean column has no
 * missing values (its validity buffer is all ones), so every statistic follows from the number of
 * true rows and the number of rows. The data buffer is read 64 rows a word and counted with
 * {@link Long#bitCount} (one instruction on current CPUs); only the last partial word is read a
 * byte at a time, so no load runs past the buffer.
 *
 * <p>Thread safety: stateless; call from any thread while the columns are held.
 */
public final class BitKernels {
    /** 1.0's bits: a bit times these is 0.0 or 1.0 with no branch. */
    private static final long ONE_BITS = Double.doubleToRawLongBits(1.0);

    private BitKernels() {
    }

    /** How many rows of a BOOLEAN column are true. */
    public static long trues(Column c) {
        int n = c.rows();
        long a = checkedBits(c, n);
        long k = 0;
        int i = 0;
        for (; i + 63 < n; i += 64) {
            k += Long.bitCount(MemoryUtil.getLong(a + (i >>> 3)));
        }
        return k + Long.bitCount(tail(a, i, n));
    }

    /** How many rows of a BOOLEAN column are true and selected by {@code mask} (a BOOLEAN column of as many rows). */
    public static long trues(Column c, Column mask) {
        int n = c.rows();
        long a = checkedBits(c, n);
        long m = checkedBits(mask, n);
        long k = 0;
        int i = 0;
        for (; i + 63 < n; i += 64) {
            k += Long.bitCount(MemoryUtil.getLong(a + (i >>> 3)) & MemoryUtil.getLong(m + (i >>> 3)));
        }
        return k + Long.bitCount(tail(a, i, n) & tail(m, i, n));
    }

    /**
     * A BOOLEAN column as a new DOUBLE column of its 0.0/1.0 values (same name, owned by the
     * caller), pandas' view of booleans in rolling and exponentially weighted statistics: made once
     * a frame, so that the kernels over doubles take booleans unchanged.
     */
    public static Column asDoubles(Column c, BufferAllocator allocator) {
        int n = c.rows();
        long a = checkedBits(c, n);
        Column out = Column.allocateForOverwrite(Field.of(c.name(), ColumnType.DOUBLE), n, allocator);
        long o = out.address();
        int i = 0;
        for (; i + 63 < n; i += 64) {
            spread(MemoryUtil.getLong(a + (i >>> 3)), o + 8L * i, 64);
        }
        spread(tail(a, i, n), o + 8L * i, n - i);
        return out;
    }

    /** Writes the low {@code count} bits of {@code word} as {@code count} doubles 0.0/1.0 from {@code out}. */
    private static void spread(long word, long out, int count) {
        for (int b = 0; b < count; b++) {
            MemoryUtil.putLong(out + 8L * b, ((word >>> b) & 1L) * ONE_BITS);
        }
    }

    /**
     * The bits of rows {@code from} (a multiple of 64) to {@code n} (fewer than 64 of them) as the
     * low bits of a word, the bits past row {@code n} cleared: Arrow leaves them undefined.
     */
    public static long tail(long address, int from, int n) {
        int left = n - from;
        if (left <= 0) {
            return 0;
        }
        long w = 0;
        int bytes = (left + 7) >>> 3;
        long p = address + (from >>> 3);
        for (int b = 0; b < bytes; b++) {
            w |= (MemoryUtil.getByte(p + b) & 0xFFL) << (8 * b);
        }
        return left == 64 ? w : w & ((1L << left) - 1);
    }

    /** The data address of a BOOLEAN column of {@code rows} rows, its buffer checked to hold them. */
    private static long checkedBits(Column c, int rows) {
        if (c.type() != ColumnType.BOOLEAN || c.rows() != rows) {
            throw new IllegalArgumentException("column '" + c.name() + "' (" + c.type() + ", " + c.rows()
                    + " rows) is not a BOOLEAN column of " + rows + " rows");
        }
        return c.checkedAddress();
    }
}
