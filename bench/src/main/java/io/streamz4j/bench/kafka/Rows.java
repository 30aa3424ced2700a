package io.streamz4j.bench.kafka;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The rows the Kafka suite's topic holds, one per record value: 16 bytes, a little-endian
 * {@code long} key then a little-endian {@code double} value (numpy's
 * {@code dtype([('key', '<i8'), ('value', '<f8')])}, so the Python peer reads a batch with one
 * {@code frombuffer}). Row {@code i} has key {@code i % keys} and value {@code (i % 1000) / 2}:
 * every sum is a multiple of 0.5 far below 2^52, exact in any order of addition, so the sides'
 * sums are compared exactly.
 *
 * <p>Thread safety: stateless.
 */
public final class Rows {
    /** Bytes per row. */
    public static final int BYTES = 16;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle DOUBLES =
            MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    private Rows() {
    }

    public static long key(long row, int keys) {
        return row % keys;
    }

    public static double value(long row) {
        return (row % 1000) * 0.5;
    }

    /** Row {@code row} in its wire form. */
    public static byte[] encode(long row, int keys) {
        byte[] bytes = new byte[BYTES];
        LONGS.set(bytes, 0, key(row, keys));
        DOUBLES.set(bytes, 8, value(row));
        return bytes;
    }

    /** The key of the row in {@code bytes}, read in place. */
    public static long keyOf(byte[] bytes) {
        return (long) LONGS.get(bytes, 0);
    }

    /** The value of the row in {@code bytes}, read in place. */
    public static double valueOf(byte[] bytes) {
        return (double) DOUBLES.get(bytes, 8);
    }

    /** The sums a side must find for the first {@code records} rows. */
    public static GroupSums expected(long records, int keys) {
        GroupSums sums = new GroupSums(keys);
        for (long row = 0; row < records; row++) {
            sums.add(key(row, keys), value(row));
        }
        return sums;
    }
}
