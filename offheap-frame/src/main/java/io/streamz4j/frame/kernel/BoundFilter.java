package io.streamz4j.frame.kernel;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.ColumnType;

import org.apache.arrow.memory.util.MemoryUtil;

import java.util.Arrays;

/**
 * A conjunction of {@link RangeTest}s bound to the columns of one frame: which rows a filter keeps,
 * computed eight rows at a time into the bits of a byte (Arrow's mask layout) without writing a
 * mask. The first test is held in its own fields so a one-test filter's loop reads no array; the
 * others are ANDed in after it.
 *
 * <p>Thread safety: mutable scratch, rebound for each frame; confined to the thread of its owner.
 */
public final class BoundFilter {
    private RangeTest firstTest;
    private ColumnType firstType;
    private long firstAddress;
    private RangeTest[] tests = new RangeTest[0];
    private ColumnType[] types = new ColumnType[0];
    private long[] addresses = new long[0];
    private int more;
    private int rows = -1;

    /** Drops the tests of the previous frame. */
    public BoundFilter clear() {
        firstTest = null;
        more = 0;
        rows = -1;
        return this;
    }

    /** ANDs in {@code test} of {@code column} (read as {@link Values#load} does; as long as any other bound column). */
    public BoundFilter and(RangeTest test, Column column) {
        if (rows >= 0 && column.rows() != rows) {
            throw new IllegalArgumentException("a filter needs columns of one length, '" + column.name()
                    + "' has " + column.rows() + " rows, not " + rows);
        }
        rows = column.rows();
        long address = column.checkedAddress();
        if (firstTest == null) {
            firstTest = test;
            firstType = column.type();
            firstAddress = address;
            return this;
        }
        if (more == tests.length) {
            int grown = Math.max(2, 2 * more);
            tests = Arrays.copyOf(tests, grown);
            types = Arrays.copyOf(types, grown);
            addresses = Arrays.copyOf(addresses, grown);
        }
        tests[more] = test;
        types[more] = column.type();
        addresses[more] = address;
        more++;
        return this;
    }

    /** The rows of the bound columns (checked to have a test). */
    public int rows() {
        if (firstTest == null) {
            throw new IllegalStateException("a filter with no test bound");
        }
        return rows;
    }

    /** Whether the filter is one test (which {@link #firstTest} and its column are): a kernel can then test row by row. */
    boolean single() {
        return more == 0;
    }

    RangeTest firstTest() {
        return firstTest;
    }

    ColumnType firstType() {
        return firstType;
    }

    long firstAddress() {
        return firstAddress;
    }

    /** Rows {@code i .. i+7} kept, as the bits of a byte (row {@code i} lowest). */
    public int bits8(int i) {
        int b = firstTest.bits8(firstType, firstAddress, i);
        for (int t = 0; t < more; t++) {
            b &= tests[t].bits8(types[t], addresses[t], i);
        }
        return b;
    }

    /** 1 if row {@code i} is kept, else 0. */
    public int bit(int i) {
        int b = firstTest.bit(firstType, firstAddress, i);
        for (int t = 0; t < more; t++) {
            b &= tests[t].bit(types[t], addresses[t], i);
        }
        return b;
    }

    /** Rows {@code [from, rows)} kept (fewer than eight), as the low bits of a byte. */
    public int tailBits(int from) {
        int b = 0;
        for (int i = from; i < rows; i++) {
            b |= bit(i) << (i - from);
        }
        return b;
    }

    /** How many rows are kept. */
    public int count() {
        int n = rows();
        int k = 0;
        int i = 0;
        for (; i + 7 < n; i += 8) {
            k += Integer.bitCount(bits8(i));
        }
        return k + Integer.bitCount(tailBits(i));
    }

    /** Writes the kept rows as a packed mask of {@link #rows} bits at {@code o}: one byte store per eight rows. */
    public void writeMask(long o) {
        int n = rows();
        int i = 0;
        for (; i + 7 < n; i += 8) {
            MemoryUtil.putByte(o + (i >>> 3), (byte) bits8(i));
        }
        if (i < n) {
            MemoryUtil.putByte(o + (i >>> 3), (byte) tailBits(i));
        }
    }
}
