package io.streamz4j.frame.kernel;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.Field;

import java.util.Arrays;
import java.util.List;

/**
 * The groups of a groupby over several keys (pandas' MultiIndex): each key column has its own
 * {@link GroupKeys}, and a chain of pair tables gives every distinct tuple a dense slot — the
 * first pair table numbers (slot of key 0, slot of key 1), the next (that slot, slot of key 2), and
 * so on, so per-group state stays in primitive arrays indexed by the last table's slot. A row with
 * no group in some key (a NaN, an unselected row) has no tuple. Keys are {@code List.of(...)}
 * tuples, ordered as pandas sorts a MultiIndex: by the first key, then the next.
 *
 * <p>Thread safety: confined to the thread that runs its groupby node; {@link #assign} reuses one
 * scratch array, valid until the next call.
 */
public final class KeyTuples {
    private final GroupKeys[] parts;
    private final GroupKeys[] pairs;
    private int[] scratch = new int[0];
    private int[] sorted;
    private List<Object> sortedKeys;

    public KeyTuples(List<Field> fields) {
        if (fields.size() < 2) {
            throw new IllegalArgumentException("key tuples need two keys or more, got " + fields);
        }
        parts = new GroupKeys[fields.size()];
        pairs = new GroupKeys[fields.size() - 1];
        for (int i = 0; i < parts.length; i++) {
            parts[i] = new GroupKeys(fields.get(i));
        }
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = GroupKeys.pairTable();
        }
    }

    private KeyTuples(GroupKeys[] parts, GroupKeys[] pairs) {
        this.parts = parts;
        this.pairs = pairs;
    }

    /** An independent copy (a saved window state's groups). */
    public KeyTuples copy() {
        GroupKeys[] p = new GroupKeys[parts.length];
        GroupKeys[] q = new GroupKeys[pairs.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = parts[i].copy();
        }
        for (int i = 0; i < q.length; i++) {
            q[i] = pairs[i].copy();
        }
        return new KeyTuples(p, q);
    }

    /** The table whose slots are the tuples' slots. */
    public GroupKeys slots() {
        return pairs[pairs.length - 1];
    }

    /** The tuple slot of every row (-1: none), in a reused array; {@code mask} (may be null) selects rows. */
    public int[] assign(Column[] keys, Column mask) {
        if (keys.length != parts.length) {
            throw new IllegalArgumentException("groupby over " + parts.length + " keys got " + keys.length + " columns");
        }
        int n = keys[0].rows();
        if (scratch.length < n) {
            scratch = new int[Math.max(n, scratch.length * 2)];
        }
        int[] out = scratch;
        int[] first = mask == null ? parts[0].assign(keys[0]) : parts[0].assign(keys[0], mask);
        System.arraycopy(first, 0, out, 0, n);
        for (int k = 1; k < parts.length; k++) {
            int[] next = parts[k].assign(keys[k]);
            GroupKeys pair = pairs[k - 1];
            for (int i = 0; i < n; i++) {
                out[i] = out[i] < 0 || next[i] < 0 ? -1 : pair.slotOfRawKey(((long) out[i] << 32) | next[i]);
            }
        }
        return out;
    }

    /** The tuple of a slot, as {@code List.of(key 0, key 1, ...)}. */
    public List<Object> key(int slot) {
        int[] inPart = partSlots(slot);
        Object[] tuple = new Object[parts.length];
        for (int k = 0; k < parts.length; k++) {
            tuple[k] = parts[k].key(inPart[k]);
        }
        return List.of(tuple);
    }

    /** The key fields, key 0 first. */
    public List<Field> fields() {
        Field[] out = new Field[parts.length];
        for (int k = 0; k < parts.length; k++) {
            out[k] = parts[k].field();
        }
        return List.of(out);
    }

    /** The parts of a slot's tuple as {@link GroupKeys#rawKey} gives them (a string's id, ...), key 0 first. */
    public long[] rawParts(int slot) {
        int[] inPart = partSlots(slot);
        long[] raw = new long[parts.length];
        for (int k = 0; k < parts.length; k++) {
            raw[k] = parts[k].rawKey(inPart[k]);
        }
        return raw;
    }

    /**
     * The slot of the tuple whose parts' raw keys are {@code raw}, adding it (and any part it
     * lacks) if it has none: how a restored state puts its groups back in slot order.
     */
    public int slotOfRawParts(long[] raw) {
        if (raw.length != parts.length) {
            throw new IllegalArgumentException("groupby over " + parts.length + " keys got a tuple of " + raw.length);
        }
        int s = parts[0].slotOfRawKey(raw[0]);
        for (int k = 1; k < parts.length; k++) {
            s = pairs[k - 1].slotOfRawKey(((long) s << 32) | parts[k].slotOfRawKey(raw[k]));
        }
        return s;
    }

    /** The slot in each key's own table of a tuple slot's parts, walking the pair tables back. */
    private int[] partSlots(int slot) {
        int[] out = new int[parts.length];
        int s = slot;
        for (int k = parts.length - 1; k >= 1; k--) {
            long pair = pairs[k - 1].pairOf(s);
            out[k] = (int) pair;
            s = (int) (pair >>> 32);
        }
        out[0] = s;
        return out;
    }

    /** The tuple slots in pandas' order (a shared array: read it, do not change it). */
    public int[] sortedSlots() {
        sort();
        return sorted;
    }

    /** The tuples of {@link #sortedSlots()}, in that order. */
    public List<Object> sortedKeys() {
        sort();
        return sortedKeys;
    }

    /** Sorts by each key's rank among its own sorted keys; slots are never freed, so a count change means new groups. */
    private void sort() {
        int groups = slots().size();
        if (sorted != null && sorted.length == groups) {
            return;
        }
        int[][] ranks = new int[groups][parts.length];
        int[][] rankOfPart = new int[parts.length][];
        for (int k = 0; k < parts.length; k++) {
            int[] order = parts[k].sortedSlots();
            rankOfPart[k] = new int[order.length];
            for (int r = 0; r < order.length; r++) {
                rankOfPart[k][order[r]] = r;
            }
        }
        for (int slot = 0; slot < groups; slot++) {
            int[] inPart = partSlots(slot);
            for (int k = 0; k < parts.length; k++) {
                ranks[slot][k] = rankOfPart[k][inPart[k]];
            }
        }
        int[] order = GroupKeys.slotsSortedBy(groups, (a, b) -> Arrays.compare(ranks[a], ranks[b]));
        sortedKeys = GroupKeys.keysOf(order, this::key);
        sorted = order;
    }
}
