package io.streamz4j.frame.agg;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.kernel.GroupKeys;
import io.streamz4j.frame.kernel.GroupMoments;

import java.util.Arrays;
import java.util.List;

/**
 * The running state of a groupby: the groups ({@link GroupKeys}), the rows in each (for size) and
 * per value column the per-group moments ({@link GroupMoments}). One pass assigns every row its
 * group's slot, then one pass per value column adds into primitive arrays.
 *
 * <p>Thread safety: confined to the node that owns it.
 */
public final class GroupState {
    final GroupKeys keys;
    final List<String> values;
    final GroupMoments[] moments;
    long[] rows = new long[16];

    GroupState(Schema example, String key, List<String> values, Statistic statistic) {
        this.keys = new GroupKeys(example.field(key));
        this.values = List.copyOf(values);
        this.moments = new GroupMoments[values.size()];
        for (int i = 0; i < moments.length; i++) {
            if (!example.field(values.get(i)).type().isNumeric()) {
                throw new IllegalArgumentException("groupby(" + key + ")." + statistic.name().toLowerCase()
                        + " of column '" + values.get(i) + "': it is " + example.field(values.get(i)).type()
                        + ", not numeric");
            }
            moments[i] = new GroupMoments(statistic.needsSquares(), statistic.needsExtremes());
        }
    }

    void add(Frame frame, int sign) {
        Column keyColumn = frame.column(keys.field().name());
        Column[] valueColumns = new Column[values.size()];
        for (int i = 0; i < valueColumns.length; i++) {
            valueColumns[i] = frame.column(values.get(i));
            if (!valueColumns[i].type().isNumeric()) {
                throw new IllegalArgumentException("column '" + values.get(i) + "' is " + valueColumns[i].type()
                        + ", not numeric");
            }
        }
        int[] slots = keys.assign(keyColumn);
        int groups = keys.size();
        if (rows.length < groups) {
            rows = Arrays.copyOf(rows, Math.max(groups, rows.length * 2));
        }
        int n = frame.rows();
        for (int i = 0; i < n; i++) {
            if (slots[i] >= 0) {
                rows[slots[i]] += sign;
            }
        }
        for (int i = 0; i < valueColumns.length; i++) {
            moments[i].add(slots, valueColumns[i], sign, groups);
        }
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
            out.put(keys.key(slot), rows[slot]);
        }
        return out;
    }
}
