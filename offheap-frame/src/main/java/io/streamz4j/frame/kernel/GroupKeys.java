package io.streamz4j.frame.kernel;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Field;
import org.apache.arrow.memory.util.MemoryUtil;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The groups of a groupby: gives every distinct key a dense slot number, so per-group state lives
 * in primitive arrays indexed by slot. String keys are dictionary ids, mapped to slots through a
 * plain int array; other keys (ints, longs, timestamps, booleans, doubles by their bits) go
 * through an open-addressing table of longs with linear probing. NaN double keys belong to no
 * group (pandas' dropna). Slots are never freed: a group whose rows all left a window keeps its
 * slot, as pandas keeps the index entry.
 *
 * <p>Thread safety: confined to the thread that runs its groupby node; {@link #assign} reuses one
 * scratch array, so its result is valid until the next call.
 */
public final class GroupKeys {
    private static final int EMPTY = 0;
    private final Field field;
    private int[] slotOfId = new int[0];
    private long[] tableKeys = new long[64];
    private int[] tableSlots = new int[64];
    private long[] slotKeys = new long[16];
    private int slots;
    private int[] scratch = new int[0];

    public GroupKeys(Field field) {
        if (field.type() == ColumnType.STRING || field.type().isNumeric() || field.type() == ColumnType.BOOLEAN
                || field.type() == ColumnType.TIMESTAMP) {
            this.field = field;
        } else {
            throw new IllegalArgumentException("cannot group by column '" + field.name() + "' of type " + field.type());
        }
    }

    public Field field() {
        return field;
    }

    /** How many groups exist. */
    public int size() {
        return slots;
    }

    /** The slot of every row of {@code keys} (-1: no group), in a reused array of at least rows() entries. */
    public int[] assign(Column keys) {
        if (!keys.field().equals(field)) {
            throw new IllegalArgumentException("groupby key column should be " + field + ", got " + keys.field());
        }
        int n = keys.rows();
        if (scratch.length < n) {
            scratch = new int[Math.max(n, scratch.length * 2)];
        }
        int[] out = scratch;
        long a = keys.checkedAddress();
        switch (field.type()) {
            case STRING:
                assignIds(a, n, out);
                break;
            case INT:
                for (int i = 0; i < n; i++) {
                    out[i] = slotOf(MemoryUtil.getInt(a + 4L * i));
                }
                break;
            case DOUBLE:
                for (int i = 0; i < n; i++) {
                    double v = Double.longBitsToDouble(MemoryUtil.getLong(a + 8L * i));
                    out[i] = v != v ? -1 : slotOf(Double.doubleToLongBits(v + 0.0));
                }
                break;
            case BOOLEAN:
                for (int i = 0; i < n; i++) {
                    out[i] = slotOf((MemoryUtil.getByte(a + (i >>> 3)) >>> (i & 7)) & 1);
                }
                break;
            default:
                for (int i = 0; i < n; i++) {
                    out[i] = slotOf(MemoryUtil.getLong(a + 8L * i));
                }
        }
        return out;
    }

    private void assignIds(long a, int n, int[] out) {
        int[] map = slotOfId;
        for (int i = 0; i < n; i++) {
            int id = MemoryUtil.getInt(a + 4L * i);
            int slot = id < map.length ? map[id] : -1;
            if (slot < 0) {
                slot = newIdSlot(id);
                map = slotOfId;
            }
            out[i] = slot;
        }
    }

    private int newIdSlot(int id) {
        if (id >= slotOfId.length) {
            int old = slotOfId.length;
            slotOfId = Arrays.copyOf(slotOfId, Math.max(id + 1, old * 2 + 16));
            Arrays.fill(slotOfId, old, slotOfId.length, -1);
        }
        int slot = newSlot(id);
        slotOfId[id] = slot;
        return slot;
    }

    private int slotOf(long key) {
        int mask = tableKeys.length - 1;
        int h = (int) ((key * 0x9E3779B97F4A7C15L) >>> 40) & mask;
        while (true) {
            int s = tableSlots[h];
            if (s == EMPTY) {
                int slot = newSlot(key);
                tableKeys[h] = key;
                tableSlots[h] = slot + 1;
                if (slots * 2 > tableKeys.length) {
                    grow();
                }
                return slot;
            }
            if (tableKeys[h] == key) {
                return s - 1;
            }
            h = (h + 1) & mask;
        }
    }

    private void grow() {
        long[] oldKeys = tableKeys;
        int[] oldSlots = tableSlots;
        tableKeys = new long[oldKeys.length * 2];
        tableSlots = new int[oldKeys.length * 2];
        int mask = tableKeys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldSlots[i] != EMPTY) {
                int h = (int) ((oldKeys[i] * 0x9E3779B97F4A7C15L) >>> 40) & mask;
                while (tableSlots[h] != EMPTY) {
                    h = (h + 1) & mask;
                }
                tableKeys[h] = oldKeys[i];
                tableSlots[h] = oldSlots[i];
            }
        }
    }

    private int newSlot(long key) {
        if (slots == slotKeys.length) {
            slotKeys = Arrays.copyOf(slotKeys, slots * 2);
        }
        slotKeys[slots] = key;
        return slots++;
    }

    /** The key of a slot as Java sees it: String, Integer, Long, Double or Boolean. */
    public Object key(int slot) {
        long k = slotKeys[slot];
        switch (field.type()) {
            case STRING:
                return field.dictionary().valueOf((int) k);
            case INT:
                return (int) k;
            case DOUBLE:
                return Double.longBitsToDouble(k);
            case BOOLEAN:
                return k != 0;
            default:
                return k;
        }
    }

    /** The slots in pandas' groupby order: keys ascending. */
    public int[] sortedSlots() {
        Integer[] order = new Integer[slots];
        for (int i = 0; i < slots; i++) {
            order[i] = i;
        }
        Comparator<Integer> byKey = field.type() == ColumnType.STRING
                ? Comparator.comparing(s -> (String) key(s))
                : field.type() == ColumnType.DOUBLE
                        ? Comparator.comparingDouble(s -> Double.longBitsToDouble(slotKeys[s]))
                        : Comparator.comparingLong(s -> slotKeys[s]);
        Arrays.sort(order, byKey);
        int[] out = new int[slots];
        for (int i = 0; i < slots; i++) {
            out[i] = order[i];
        }
        return out;
    }
}
