package io.streamz4j.frame.rolling;

import io.streamz4j.frame.ColumnType;

/**
 * Rolls one statistic over one column, a frame at a time. Rows are named by their arrival number
 * (0 for the first row ever); the frame's rows are {@code first .. first + n - 1}, row
 * {@code first + i}'s window is arrivals {@code starts.at(i) .. first + i}, and no window of this
 * frame starts before {@code head} (the start of the last row's window before this frame).
 *
 * <p>Thread safety: confined to the node that owns it.
 */
interface ColumnRoller {
    /**
     * Writes row {@code i}'s statistic (a double) at {@code out + 8 i}, or NaN when its window holds
     * fewer than {@code minPeriods} observations (rows, for count).
     */
    void roll(ColumnType type, long address, long first, long head, WindowStarts starts, int n, int minPeriods, long out);
}
