package io.streamz4j.frame.rolling;

import org.apache.arrow.memory.util.MemoryUtil;

/**
 * Rolling count of observations, pandas' {@code rolling().count()}: the observations in the
 * window (a difference of prefix counts), or NaN while the window holds fewer than
 * {@code minPeriods} rows.
 *
 * <p>Thread safety: confined to the node that owns it.
 */
final class PrefixCount extends PrefixRoller {
    @Override
    void write(int at, int from, int to, WindowStarts windowStarts, long base, int minPeriods, long out) {
        long[] starts = windowStarts.array();
        for (int i = from; i < to; i++) {
            int pi = at + i;
            int pj = (int) (starts[i] - base);
            double r = pi - pj >= minPeriods ? observations(pi) - observations(pj) : Double.NaN;
            MemoryUtil.putLong(out + 8L * i, Double.doubleToRawLongBits(r));
        }
    }
}
