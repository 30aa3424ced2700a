package io.streamz4j.frame.groupby;

import io.streamz4j.frame.Column;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.agg.Aggregation;
import io.streamz4j.frame.agg.Statistic;
import io.streamz4j.frame.groupby.GroupResult;
import io.streamz4j.frame.groupby.GroupState;
import io.streamz4j.frame.groupby.GroupingKeys;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A running groupby aggregation (streamz's GroupbySum, GroupbyMean, GroupbyCount, GroupbySize,
 * GroupbyVar, and std as its root; min and max as running extremes): emits a {@link GroupResult}
 * with every group seen so far after each frame. Mean is total over count (NaN for a group with no
 * values), var is streamz's formula over per-group moments.
 *
 * <p>Thread safety: immutable; the {@link GroupState} is confined to the owning node.
 */
public final class GroupReduction implements Aggregation<GroupState, GroupResult> {
    private final GroupingKeys by;
    private final List<String> values;
    private final Statistic statistic;
    private final int ddof;

    public GroupReduction(String key, List<String> values, Statistic statistic, int ddof) {
        this(GroupingKeys.column(key), values, statistic, ddof);
    }

    /** Grouped by {@code by}: one or several keys, columns or series computed from the frames. */
    public GroupReduction(GroupingKeys by, List<String> values, Statistic statistic, int ddof) {
        this.by = by;
        this.values = List.copyOf(values);
        this.statistic = statistic;
        this.ddof = ddof;
    }

    /** The columns of every result: "size" for size, the value columns otherwise. */
    public List<String> resultColumns() {
        return statistic == Statistic.SIZE ? List.of("size") : values;
    }

    /**
     * An independent copy of {@code saved} to start from over frames of {@code example} (streamz's
     * {@code start=}); an IllegalArgumentException naming the mismatch if it belongs to another groupby.
     */
    public GroupState startFrom(GroupState saved, Schema example) {
        if (saved == null) {
            throw new IllegalArgumentException("groupby(" + by.name() + ").start: the saved state is null");
        }
        String why = saved.misfit(example, by, values, statistic);
        if (why != null) {
            throw new IllegalArgumentException("groupby(" + by.name() + ")." + statistic.name().toLowerCase()
                    + " start: the saved state does not fit: " + why);
        }
        return saved.copy();
    }

    @Override
    public GroupState initial(Schema example) {
        return new GroupState(example, by, values, statistic);
    }

    @Override
    public GroupState onNew(GroupState state, Frame frame) {
        add(state, frame, 1);
        return state;
    }

    private void add(GroupState state, Frame frame, int sign) {
        Column[] keyColumns = new Column[by.size()];
        try {
            by.evaluate(frame.unfiltered(), keyColumns);
            state.add(frame, keyColumns, sign);
        } finally {
            by.release(keyColumns);
        }
    }

    @Override
    public GroupState onOld(GroupState state, Frame frame) {
        if (!statistic.subtractable()) {
            return Aggregation.super.onOld(state, frame);
        }
        add(state, frame, -1);
        return state;
    }

    @Override
    public GroupResult result(GroupState s) {
        int[] order = s.sortedSlots();
        List<Object> keys = s.sortedKeys();
        String key = by.name();
        Map<String, List<Number>> columns = new LinkedHashMap<>();
        if (statistic == Statistic.SIZE) {
            List<Number> sizes = new ArrayList<>(order.length);
            for (int slot : order) {
                sizes.add(s.rows[slot]);
            }
            columns.put("size", sizes);
            return new GroupResult(key, keys, columns);
        }
        for (int c = 0; c < values.size(); c++) {
            List<Number> out = new ArrayList<>(order.length);
            for (int slot : order) {
                out.add(value(s, c, slot));
            }
            columns.put(values.get(c), out);
        }
        return new GroupResult(key, keys, columns);
    }

    private Number value(GroupState s, int c, int slot) {
        long n = s.moments[c].count(slot);
        double x = s.moments[c].sum(slot);
        switch (statistic) {
            case SUM:
                return x;
            case MEAN:
                // n == 0: NaN, also when a window's subtractions left rounding residue in x
                return n == 0 ? Double.NaN : x / n;
            case COUNT:
                return n;
            case VAR:
                return n == 0 ? Double.NaN : Statistic.variance(x, s.moments[c].sumSquares(slot), n, ddof);
            case STD:
                return n == 0 ? Double.NaN : Math.sqrt(Statistic.variance(x, s.moments[c].sumSquares(slot), n, ddof));
            case MIN:
                return n == 0 ? Double.NaN : s.moments[c].min(slot);
            default:
                return n == 0 ? Double.NaN : s.moments[c].max(slot);
        }
    }
}
