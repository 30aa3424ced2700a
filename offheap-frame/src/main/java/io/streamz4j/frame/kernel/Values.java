package io.streamz4j.frame.kernel;

import io.streamz4j.frame.ColumnType;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Loads and stores of single values in Arrow data buffers, by column type. Kernels call these in
 * their loops with a loop-invariant type, so the JIT folds the switch and keeps one load a row.
 *
 * <p>Thread safety: stateless.
 */
public final class Values {
    private Values() {
    }

    /** Any column's value as a double: numbers, booleans as 0/1, strings as their dictionary id. */
    public static double load(ColumnType type, long a, int i) {
        switch (type) {
            case DOUBLE:
                return Double.longBitsToDouble(MemoryUtil.getLong(a + 8L * i));
            case LONG:
            case TIMESTAMP:
                return MemoryUtil.getLong(a + 8L * i);
            case BOOLEAN:
                return bit(a, i);
            default:
                return MemoryUtil.getInt(a + 4L * i);
        }
    }

    /** An integral, timestamp, boolean or string-id value as a long. */
    public static long loadLong(ColumnType type, long a, int i) {
        switch (type) {
            case LONG:
            case TIMESTAMP:
                return MemoryUtil.getLong(a + 8L * i);
            case BOOLEAN:
                return bit(a, i);
            case DOUBLE:
                return (long) Double.longBitsToDouble(MemoryUtil.getLong(a + 8L * i));
            default:
                return MemoryUtil.getInt(a + 4L * i);
        }
    }

    public static int bit(long a, int i) {
        return (MemoryUtil.getByte(a + (i >>> 3)) >>> (i & 7)) & 1;
    }

    /** Stores {@code v} at row {@code i} of a column of {@code type} (numbers converted as Java casts). */
    public static void store(ColumnType type, long a, int i, double v) {
        switch (type) {
            case DOUBLE:
                MemoryUtil.putLong(a + 8L * i, Double.doubleToRawLongBits(v));
                break;
            case LONG:
            case TIMESTAMP:
                MemoryUtil.putLong(a + 8L * i, (long) v);
                break;
            case BOOLEAN:
                setBit(a, i, v != 0);
                break;
            default:
                MemoryUtil.putInt(a + 4L * i, (int) v);
        }
    }

    /** Stores an integral {@code v}: exactly in integral columns (an INT keeps the low 32 bits), as {@link #store} otherwise. */
    public static void storeLong(ColumnType type, long a, int i, long v) {
        switch (type) {
            case LONG:
            case TIMESTAMP:
                MemoryUtil.putLong(a + 8L * i, v);
                break;
            case DOUBLE:
            case BOOLEAN:
                store(type, a, i, v);
                break;
            default:
                MemoryUtil.putInt(a + 4L * i, (int) v);
        }
    }

    /** Sets or clears one bit of a bit-packed buffer (callers write bits in row order). */
    public static void setBit(long a, int i, boolean on) {
        long p = a + (i >>> 3);
        int b = MemoryUtil.getByte(p);
        int mask = 1 << (i & 7);
        MemoryUtil.putByte(p, (byte) (on ? b | mask : b & ~mask));
    }
}
