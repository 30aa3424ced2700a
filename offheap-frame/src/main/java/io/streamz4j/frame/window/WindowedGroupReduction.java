package io.streamz4j.frame.window;

import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.agg.Aggregation;
import io.streamz4j.frame.agg.GroupReduction;
import io.streamz4j.frame.agg.GroupResult;
import io.streamz4j.frame.agg.GroupState;
import io.streamz4j.frame.agg.Statistic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A groupby aggregation inside a window (streamz's {@code windowed_groupby_accumulator}): the
 * statistic's per-group state plus the rows per group, so that groups whose rows have all left
 * the window drop out of the result, as streamz drops groups whose size fell to zero.
 *
 * <p>Thread safety: the state is confined to the owning node.
 */
public final class WindowedGroupReduction implements Aggregation<WindowedGroupReduction.State, GroupResult> {
    private final GroupReduction statistic;
    private final GroupReduction sizes;

    public WindowedGroupReduction(String key, List<String> values, Statistic statistic, int ddof) {
        this.statistic = new GroupReduction(key, values, statistic, ddof);
        this.sizes = new GroupReduction(key, List.of(), Statistic.SIZE, 0);
    }

    /** The statistic's per-group state and the rows per group. */
    public static final class State {
        final GroupState values;
        final GroupState rows;

        State(GroupState values, GroupState rows) {
            this.values = values;
            this.rows = rows;
        }
    }

    @Override
    public State initial(Schema example) {
        return new State(statistic.initial(example), sizes.initial(example));
    }

    @Override
    public State onNew(State state, Frame frame) {
        statistic.onNew(state.values, frame);
        sizes.onNew(state.rows, frame);
        return state;
    }

    @Override
    public State onOld(State state, Frame frame) {
        statistic.onOld(state.values, frame);
        sizes.onOld(state.rows, frame);
        return state;
    }

    @Override
    public GroupResult result(State state) {
        GroupResult all = statistic.result(state.values);
        Map<Object, Number> size = sizes.result(state.rows).asMap();
        List<Object> keys = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < all.keys().size(); i++) {
            Object k = all.keys().get(i);
            if (size.get(k).longValue() != 0) {
                keys.add(k);
                kept.add(i);
            }
        }
        if (kept.size() == all.keys().size()) {
            return all;
        }
        Map<String, List<Number>> columns = new LinkedHashMap<>();
        for (String c : all.columnNames()) {
            List<Number> from = all.values(c);
            List<Number> to = new ArrayList<>(kept.size());
            for (int i : kept) {
                to.add(from.get(i));
            }
            columns.put(c, to);
        }
        return new GroupResult(all.keyName(), keys, columns);
    }
}
