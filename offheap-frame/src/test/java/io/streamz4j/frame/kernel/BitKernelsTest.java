package io.streamz4j.frame.kernel;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Field;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link BitKernels}: the word-at-a-time true counts and 0/1 doubles against a bit-by-bit reading, at every length
 * around the 64-row words (and the bytes of the last one), with the bits past the last row set,
 * as Arrow leaves them undefined.
 */
class BitKernelsTest {
    private static final int[] LENGTHS = {0, 1, 7, 8, 9, 63, 64, 65, 100, 127, 128, 129, 200, 1000};
    private final BufferAllocator allocator = new RootAllocator();
    private final Random random = new Random(17);

    @AfterEach
    void closeAllocator() {
        allocator.close();
    }

    /** A BOOLEAN column of {@code rows} random bits (a {@code oneIn}th of them true), the bits past its last row set. */
    private Column bits(int rows, int oneIn) {
        Column c = Column.allocate(Field.of("b", ColumnType.BOOLEAN), rows, allocator);
        for (int i = 0; i < rows; i++) {
            Values.setBit(c.address(), i, random.nextInt(oneIn) == 0);
        }
        for (int i = rows; i < (rows + 7) / 8 * 8; i++) {
            Values.setBit(c.address(), i, true);
        }
        return c;
    }

    private static long naive(Column c, Column mask) {
        long k = 0;
        for (int i = 0; i < c.rows(); i++) {
            k += Values.bit(c.address(), i) & (mask == null ? 1 : Values.bit(mask.address(), i));
        }
        return k;
    }

    @Test
    void truesCountsTheSetBitsOfTheRowsOnly() {
        for (int n : LENGTHS) {
            for (int oneIn : new int[] {1, 2, 5}) {
                Column c = bits(n, oneIn);
                try {
                    assertEquals(naive(c, null), BitKernels.trues(c), n + " rows, one in " + oneIn + " true");
                } finally {
                    c.release();
                }
            }
        }
    }

    @Test
    void maskedTruesCountsTheRowsSetInBoth() {
        for (int n : LENGTHS) {
            Column c = bits(n, 2);
            Column mask = bits(n, 3);
            try {
                assertEquals(naive(c, mask), BitKernels.trues(c, mask), n + " rows");
                // an all-true column through the mask counts the mask's rows
                Column all = bits(n, 1);
                try {
                    assertEquals(naive(mask, null), BitKernels.trues(all, mask), n + " rows, all true");
                } finally {
                    all.release();
                }
            } finally {
                c.release();
                mask.release();
            }
        }
    }

    @Test
    void asDoublesGivesEachRowsBitAsZeroOrOne() {
        for (int n : LENGTHS) {
            for (int oneIn : new int[] {1, 2, 5}) {
                Column c = bits(n, oneIn);
                Column d = BitKernels.asDoubles(c, allocator);
                try {
                    assertEquals(ColumnType.DOUBLE, d.type());
                    assertEquals("b", d.name());
                    assertEquals(n, d.rows());
                    for (int i = 0; i < n; i++) {
                        assertEquals(Values.bit(c.address(), i), d.getDouble(i), n + " rows, row " + i);
                    }
                } finally {
                    c.release();
                    d.release();
                }
            }
        }
    }

    @Test
    void tailKeepsOnlyTheRowsLeft() {
        Column c = bits(70, 1);
        try {
            assertEquals(0x3FL, BitKernels.tail(c.address(), 64, 70));
            assertEquals(0L, BitKernels.tail(c.address(), 64, 64));
        } finally {
            c.release();
        }
    }

    @Test
    void otherColumnsAndMisfitMasksAreRefused() {
        Column longs = Column.allocate(Field.of("l", ColumnType.LONG), 3, allocator);
        Column c = bits(3, 2);
        Column shorter = bits(2, 2);
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BitKernels.trues(longs));
            assertEquals(true, e.getMessage().contains("'l'"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> BitKernels.trues(c, shorter));
            assertThrows(IllegalArgumentException.class, () -> BitKernels.asDoubles(longs, allocator));
        } finally {
            longs.release();
            c.release();
            shorter.release();
        }
    }
}
