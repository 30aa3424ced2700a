package io.streamz4j.frame.groupby;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Field;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.agg.Copyable;
import io.streamz4j.frame.agg.StateBytes;
import io.streamz4j.frame.agg.Statistic;
import io.streamz4j.frame.kernel.GroupKeys;
import io.streamz4j.frame.kernel.GroupMoments;
import io.streamz4j.frame.kernel.KeyTuples;

import java.util.Arrays;
import java.util.List;

/**
 * The running state of a groupby: the groups ({@link GroupKeys}), the rows in each (for size) and
 * per value column the per-group moments ({@link GroupMoments}). One pass assigns every row its
 * group's slot, then one pass per value column adds into primitive arrays.
 *
 * <p>Thread safety: confined to the node that owns it.
 */
public final class GroupState implements Copyable<GroupState> {
    final GroupKeys keys;
    /** The tuples of a groupby over several keys, whose slots {@link #keys} numbers; null for one key. */
    final KeyTuples tuples;
    final List<String> values;
    final GroupMoments[] moments;
    long[] rows = new long[16];
    /** The per-id scratch of the fused string-key double-sum case (nothing to copy: empty between frames). */
    private final DictionarySums dictionarySums = new DictionarySums();

    private GroupState(GroupState from) {
        this.tuples = from.tuples == null ? null : from.tuples.copy();
        this.keys = tuples == null ? from.keys.copy() : tuples.slots();
        this.values = from.values;
        this.moments = new GroupMoments[from.moments.length];
        for (int i = 0; i < moments.length; i++) {
            moments[i] = from.moments[i].copy();
        }
        this.rows = from.rows.clone();
    }

    /** A state from its parts (a decoded snapshot, {@link StateBytes}): one key's groups, or several keys' tuples. */
    GroupState(GroupKeys keys, KeyTuples tuples, List<String> values, GroupMoments[] moments, long[] rows) {
        this.tuples = tuples;
        this.keys = tuples == null ? keys : tuples.slots();
        this.values = values;
        this.moments = moments;
        this.rows = rows;
    }

    GroupState(Schema example, GroupingKeys by, List<String> values, Statistic statistic) {
        List<Field> keyFields = by.fields(example);
        this.tuples = keyFields.size() == 1 ? null : new KeyTuples(keyFields);
        this.keys = tuples == null ? new GroupKeys(keyFields.get(0)) : tuples.slots();
        String key = by.name();
        this.values = List.copyOf(values);
        this.moments = new GroupMoments[values.size()];
        for (int i = 0; i < moments.length; i++) {
            if (!example.field(values.get(i)).type().isReducible()) {
                throw new IllegalArgumentException("groupby(" + key + ")." + statistic.name().toLowerCase()
                        + " of column '" + values.get(i) + "': it is " + example.field(values.get(i)).type()
                        + ", not numeric");
            }
            moments[i] = new GroupMoments(statistic.needsSquares(), statistic.needsExtremes());
        }
    }

    /**
     * Folds in (sign +1) or takes out (sign -1) a frame whose key columns (one per key, over the
     * unfiltered frame) are {@code keyColumns}; a selection's columns are read through its mask.
     */
    void add(Frame frame, Column[] keyColumns, int sign) {
        Frame base = frame.unfiltered();
        Column mask = frame.selectionMask();
        Column keyColumn = keyColumns[0];
        Column[] valueColumns = new Column[values.size()];
        for (int i = 0; i < valueColumns.length; i++) {
            valueColumns[i] = base.column(values.get(i));
            if (!valueColumns[i].type().isReducible()) {
                throw new IllegalArgumentException("column '" + values.get(i) + "' is " + valueColumns[i].type()
                        + ", not numeric");
            }
        }
        if (tuples == null && mask == null && fusable(keyColumn, valueColumns)) {
            // string ids make at most one group each: room for all the dictionary holds
            int most = keyColumn.field().dictionary().size();
            growRows(most);
            moments[0].ensure(most);
            dictionarySums.add(keys, keyColumn, valueColumns[0], sign, rows, moments[0]);
            return;
        }
        int[] slots = tuples != null ? tuples.assign(keyColumns, mask)
                : mask == null ? keys.assign(keyColumn) : keys.assign(keyColumn, mask);
        int groups = keys.size();
        growRows(groups);
        int n = base.rows();
        for (int i = 0; i < n; i++) {
            if (slots[i] >= 0) {
                rows[slots[i]] += sign;
            }
        }
        for (int i = 0; i < valueColumns.length; i++) {
            moments[i].add(slots, valueColumns[i], sign, groups);
        }
    }

    /** One string key and one double column summed: the fused single-pass kernel applies. */
    private boolean fusable(Column keyColumn, Column[] valueColumns) {
        return keyColumn.type() == ColumnType.STRING && valueColumns.length == 1
                && valueColumns[0].type() == ColumnType.DOUBLE && moments[0].sumsOnly();
    }

    private void growRows(int groups) {
        if (rows.length < groups) {
            rows = Arrays.copyOf(rows, Math.max(groups, rows.length * 2));
        }
    }

    /**
     * Why this state cannot be the start of {@code reduction} over frames of {@code example} (other
     * keys, key types, value columns, or moments the statistic needs but this state never kept),
     * or null if it can.
     */
    String misfit(Schema example, GroupingKeys by, List<String> valueColumns, Statistic statistic) {
        List<Field> want = by.fields(example);
        List<Field> have = tuples != null ? tuples.fields() : List.of(keys.field());
        if (want.size() != have.size()) {
            return "it is grouped by " + have.size() + " keys, the groupby by " + want.size();
        }
        for (int i = 0; i < want.size(); i++) {
            if (want.get(i).type() != have.get(i).type()) {
                return "its key " + i + " is " + have.get(i).type() + ", the groupby's " + want.get(i).type();
            }
        }
        if (!values.equals(valueColumns)) {
            return "it aggregates " + values + ", the groupby " + valueColumns;
        }
        for (GroupMoments m : moments) {
            if (statistic.needsSquares() && !m.keepsSquares() || statistic.needsExtremes() && !m.keepsExtremes()) {
                return "it keeps no " + (statistic.needsSquares() ? "sums of squares" : "minima and maxima")
                        + " for " + statistic.name().toLowerCase();
            }
        }
        return null;
    }

    @Override
    public GroupState copy() {
        return new GroupState(this);
    }

    public int groups() {
        return keys.size();
    }

    /** Whether any group has no rows now (a window's rows all left it). */
    public boolean hasEmptyGroup() {
        for (int slot = 0; slot < keys.size(); slot++) {
            if (rows[slot] == 0) {
                return true;
            }
        }
        return false;
    }

    /** The rows in each group, by key (the slow path of windows whose groups emptied). */
    public java.util.Map<Object, Long> rowsByKey() {
        java.util.Map<Object, Long> out = new java.util.HashMap<>();
        for (int slot = 0; slot < keys.size(); slot++) {
            out.put(key(slot), rows[slot]);
        }
        return out;
    }

    /** The key of a slot: the column's value, or for several keys their {@code List.of(...)} tuple. */
    Object key(int slot) {
        return tuples == null ? keys.key(slot) : tuples.key(slot);
    }

    /** The slots in pandas' groupby order (shared: read, do not change). */
    int[] sortedSlots() {
        return tuples == null ? keys.sortedSlots() : tuples.sortedSlots();
    }

    /** The keys of {@link #sortedSlots()}, in that order. */
    List<Object> sortedKeys() {
        return tuples == null ? keys.sortedKeys() : tuples.sortedKeys();
    }
}
