package io.streamz4j.frame.groupby;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.groupby.GroupState;
import io.streamz4j.frame.kernel.GroupKeys;
import io.streamz4j.frame.kernel.GroupMoments;

import org.apache.arrow.memory.util.MemoryUtil;

/**
 * The hot case of a groupby by a string column over one double column summed (a window's sum,
 * mean and count by name): the frame's rows are first added up per dictionary id, in arrays the id
 * indexes directly (no slot lookup, no key hashing, two read-modify-writes a row: rows and sum),
 * then the few ids the frame used are folded into the groups' moments. Missing values are counted
 * in a register and, only when a frame has some, per id in a second pass. Like streamz's own
 * windowed groupby ({@code state + df.groupby(k).sum()}), a frame's sums per group are formed
 * first and then added to, or taken from, the running state.
 *
 * <p>Thread safety: confined to the {@link GroupState} that owns it; nothing is allocated per frame
 * once its arrays cover the dictionary.
 */
final class DictionarySums {
    private long[] rows = new long[0];
    private long[] missing = new long[0];
    private double[] sums = new double[0];

    /**
     * Adds (sign +1) or takes out (sign -1) the rows of {@code ids} and {@code values}: into
     * {@code groupRows} and {@code moments} by the slot {@code keys} gives each id (new ids get one).
     */
    void add(GroupKeys keys, Column ids, Column values, int sign, long[] groupRows, GroupMoments moments) {
        if (values.type() != ColumnType.DOUBLE) {
            throw new IllegalArgumentException("column '" + values.name() + "' is " + values.type() + ", not DOUBLE");
        }
        int n = values.rows();
        if (ids.rows() != n) {
            throw new IllegalArgumentException("key column '" + ids.name() + "' has " + ids.rows() + " rows, '"
                    + values.name() + "' " + n);
        }
        int width = ids.field().dictionary().size();
        if (rows.length < width) {
            rows = new long[width];
            missing = new long[width];
            sums = new double[width];
        }
        long k = ids.checkedAddress();
        long a = values.checkedAddress();
        long[] r = rows;
        double[] s = sums;
        int absent = 0;
        for (int i = 0; i < n; i++) {
            int id = MemoryUtil.getInt(k + 4L * i);
            double v = Double.longBitsToDouble(MemoryUtil.getLong(a + 8L * i));
            boolean seen = v == v;
            r[id]++;
            s[id] += seen ? v : 0;
            absent += seen ? 0 : 1;
        }
        if (absent > 0) {
            for (int i = 0; i < n; i++) {
                if (Double.isNaN(Double.longBitsToDouble(MemoryUtil.getLong(a + 8L * i)))) {
                    missing[MemoryUtil.getInt(k + 4L * i)]++;
                }
            }
        }
        fold(keys, width, sign, groupRows, moments);
    }

    /** Adds the per-id totals into the groups and clears them for the next frame. */
    private void fold(GroupKeys keys, int width, int sign, long[] groupRows, GroupMoments moments) {
        int[] slotOfId = keys.idSlots(width);
        for (int id = 0; id < width; id++) {
            long count = rows[id];
            if (count == 0) {
                continue;
            }
            int slot = slotOfId[id];
            if (slot < 0) {
                slot = keys.newIdSlot(id);
                slotOfId = keys.idSlots(width);
            }
            long observed = count - missing[id];
            groupRows[slot] += sign * count;
            moments.set(slot, moments.count(slot) + sign * observed, moments.sum(slot) + sign * sums[id], 0);
            rows[id] = 0;
            missing[id] = 0;
            sums[id] = 0;
        }
    }
}
