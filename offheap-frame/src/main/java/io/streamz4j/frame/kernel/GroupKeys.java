package io.streamz4j.frame.kernel;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Field;
import org.apache.arrow.memory.util.MemoryUtil;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntFunction;

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
    /** False for {@link KeyTuples}' pair tables, whose raw keys are slot pairs that mean nothing after a restart. */
    private final boolean savable;
    private int[] slotOfId = new int[0];
    private long[] tableKeys = new long[64];
    private int[] tableSlots = new int[64];
    private long[] slotKeys = new long[16];
    private int slots;
    private int[] scratch = new int[0];
    /** The slots in key order and their keys, cached until a group is added. */
    private int[] sorted;
    private List<Object> sortedKeys;

    public GroupKeys(Field field) {
        this(field, true);
    }

    /** A table of slot pairs for {@link KeyTuples} (keys are longs; {@link #rawKey} refuses them). */
    static GroupKeys pairTable() {
        return new GroupKeys(Field.of("(slot pairs)", ColumnType.LONG), false);
    }

    private GroupKeys(Field field, boolean savable) {
        this.savable = savable;
        if (field.type() == ColumnType.STRING || field.type().isNumeric() || field.type() == ColumnType.BOOLEAN
                || field.type() == ColumnType.TIMESTAMP) {
            this.field = field;
        } else {
            throw new IllegalArgumentException("cannot group by column '" + field.name() + "' of type " + field.type());
        }
    }

    /** An independent copy (a saved window state's groups); the sorted cache is rebuilt on demand. */
    public GroupKeys copy() {
        GroupKeys c = new GroupKeys(field, savable);
        c.slotOfId = slotOfId.clone();
        c.tableKeys = tableKeys.clone();
        c.tableSlots = tableSlots.clone();
        c.slotKeys = slotKeys.clone();
        c.slots = slots;
        return c;
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
        int n = keys.rows();
        int[] out = scratchFor(keys);
        long a = keys.checkedAddress();
        if (field.type() == ColumnType.STRING) {
            assignIds(a, n, out);
        } else {
            for (int i = 0; i < n; i++) {
                out[i] = slotAt(a, i);
            }
        }
        return out;
    }

    /**
     * The slot of every row of {@code keys} selected in {@code mask} (a BOOLEAN column of the same
     * length), -1 for the others, in the reused array; an unselected row makes no group.
     */
    public int[] assign(Column keys, Column mask) {
        if (mask.type() != ColumnType.BOOLEAN || mask.rows() != keys.rows()) {
            throw new IllegalArgumentException("groupby(" + field.name() + "): the selection mask must be a BOOLEAN"
                    + " column of " + keys.rows() + " rows, got " + mask.type() + " of " + mask.rows());
        }
        int n = keys.rows();
        int[] out = scratchFor(keys);
        long a = keys.checkedAddress();
        long m = mask.checkedAddress();
        for (int i = 0; i < n; i++) {
            out[i] = Values.bit(m, i) == 0 ? -1 : slotAt(a, i);
        }
        return out;
    }

    /** Checks the key column and returns the scratch array, grown to its length. */
    private int[] scratchFor(Column keys) {
        if (!keys.field().equals(field)) {
            throw new IllegalArgumentException("groupby key column should be " + field + ", got " + keys.field());
        }
        if (scratch.length < keys.rows()) {
            scratch = new int[Math.max(keys.rows(), scratch.length * 2)];
        }
        return scratch;
    }

    /** The slot of row {@code i}'s key (the type test folds away in a loop). */
    private int slotAt(long a, int i) {
        switch (field.type()) {
            case STRING:
                int id = MemoryUtil.getInt(a + 4L * i);
                int slot = id < slotOfId.length ? slotOfId[id] : -1;
                return slot >= 0 ? slot : newIdSlot(id);
            case INT:
                return slotOf(MemoryUtil.getInt(a + 4L * i));
            case DOUBLE:
                double v = Double.longBitsToDouble(MemoryUtil.getLong(a + 8L * i));
                return v != v ? -1 : slotOf(Double.doubleToLongBits(v + 0.0));
            case BOOLEAN:
                return slotOf(Values.bit(a, i));
            default:
                return slotOf(MemoryUtil.getLong(a + 8L * i));
        }
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

    /**
     * The id-to-slot table (-1: no group yet), grown to cover ids below {@code limit}, for kernels
     * that look string keys up themselves; a new id gets its slot from {@link #newIdSlot}, which
     * does not replace the table for ids below the limit.
     */
    public int[] idSlots(int limit) {
        if (field.type() != ColumnType.STRING) {
            throw new IllegalStateException("groupby key '" + field.name() + "' is " + field.type() + ", not STRING");
        }
        if (limit > slotOfId.length) {
            int old = slotOfId.length;
            slotOfId = Arrays.copyOf(slotOfId, limit);
            Arrays.fill(slotOfId, old, limit, -1);
        }
        return slotOfId;
    }

    /**
     * The slot of a key as {@link #rawKey} gives it (a string's dictionary id, other keys' bits),
     * adding a group if it has none: how a restored state puts its groups back in slot order.
     */
    public int slotOfRawKey(long key) {
        if (field.type() != ColumnType.STRING) {
            return slotOf(key);
        }
        if (key < 0 || key > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("groupby key '" + field.name() + "': no dictionary id " + key);
        }
        int id = (int) key;
        return id < slotOfId.length && slotOfId[id] >= 0 ? slotOfId[id] : newIdSlot(id);
    }

    /** The key of a slot as stored: a string's dictionary id, a double's bits, a boolean's 0 or 1, other keys' values. */
    public long rawKey(int slot) {
        if (!savable) {
            throw new IllegalStateException("a pair table's keys are slot pairs, valid only in this process:"
                    + " save a tuple's parts (KeyTuples.rawParts) instead");
        }
        return slotKeys[slot];
    }

    /** The slot pair a pair table's slot stands for (see {@link KeyTuples}). */
    long pairOf(int slot) {
        return slotKeys[slot];
    }

    /** Gives string id {@code id} (which has none) a new slot. */
    public int newIdSlot(int id) {
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
        sorted = null;
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

    /** The slots in pandas' groupby order: keys ascending (a shared array: read it, do not change it). */
    public int[] sortedSlots() {
        if (sorted == null) {
            sortSlots();
        }
        return sorted;
    }

    /** The keys of {@link #sortedSlots()}, in that order (immutable, shared until a group is added). */
    public List<Object> sortedKeys() {
        if (sorted == null) {
            sortSlots();
        }
        return sortedKeys;
    }

    private void sortSlots() {
        Comparator<Integer> byKey = field.type() == ColumnType.STRING
                ? Comparator.comparing(s -> (String) key(s))
                : field.type() == ColumnType.DOUBLE
                        ? Comparator.comparingDouble(s -> Double.longBitsToDouble(slotKeys[s]))
                        : Comparator.comparingLong(s -> slotKeys[s]);
        int[] order = slotsSortedBy(slots, byKey);
        sortedKeys = keysOf(order, this::key);
        sorted = order;
    }

    /** Slots 0 to {@code count - 1} ordered by {@code by} (also {@link KeyTuples}' order). */
    static int[] slotsSortedBy(int count, Comparator<Integer> by) {
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, by);
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = order[i];
        }
        return out;
    }

    /** The keys of {@code slots}, in that order, as an immutable list. */
    static List<Object> keysOf(int[] slots, IntFunction<Object> key) {
        List<Object> keys = new ArrayList<>(slots.length);
        for (int slot : slots) {
            keys.add(key.apply(slot));
        }
        return Collections.unmodifiableList(keys);
    }
}
