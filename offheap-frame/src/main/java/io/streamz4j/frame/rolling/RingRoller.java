package io.streamz4j.frame.rolling;

import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.kernel.ColumnKernels;
import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Rolls an order statistic (min, max, median, quantile) row by row: the values still in the
 * window live in a ring buffer so that each leaving value can be named to the {@link RollingStat},
 * which is updated by one add per row and one remove per leaving row, then read.
 *
 * <p>Thread safety: confined to the node that owns it.
 */
final class RingRoller implements ColumnRoller {
    private final RollingStat stat;
    private double[] ring = new double[16];

    RingRoller(RollingStat stat) {
        this.stat = stat;
    }

    @Override
    public void roll(ColumnType type, long address, long first, long head, WindowStarts windowStarts, int n, int minPeriods,
            long out) {
        ensureCapacity(first, head, n);
        int mask = ring.length - 1;
        long[] starts = windowStarts.array();
        long h = head;
        for (int i = 0; i < n; i++) {
            double v = ColumnKernels.load(type, address, i);
            long seq = first + i;
            ring[(int) (seq & mask)] = v;
            stat.add(v);
            long until = starts[i];
            while (h < until) {
                stat.remove(ring[(int) (h & mask)]);
                h++;
            }
            MemoryUtil.putLong(out + 8L * i, Double.doubleToRawLongBits(stat.result(seq + 1 - h, minPeriods)));
        }
    }

    /** Makes the ring hold every row still in a window ({@code head .. first - 1}) plus a frame of {@code n}. */
    private void ensureCapacity(long first, long head, int n) {
        long need = first - head + n + 1;
        int capacity = ring.length;
        if (need <= capacity) {
            return;
        }
        int next = capacity;
        while (next < need) {
            next <<= 1;
        }
        double[] grown = new double[next];
        for (long s = head; s < first; s++) {
            grown[(int) (s & (next - 1))] = ring[(int) (s & (capacity - 1))];
        }
        ring = grown;
    }
}
