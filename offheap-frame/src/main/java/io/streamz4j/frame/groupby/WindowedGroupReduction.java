package io.streamz4j.frame.groupby;

import io.streamz4j.frame.agg.ForwardingAggregation;
import io.streamz4j.frame.agg.Statistic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A groupby aggregation inside a window (streamz's {@code windowed_groupby_accumulator}): the
 * statistic's per-group state, which also counts the rows per group, so that groups whose rows
 * have all left the window drop out of the result, as streamz drops groups whose size fell to
 * zero.
 *
 * <p>Thread safety: the state is confined to the owning node.
 */
public final class WindowedGroupReduction extends ForwardingAggregation<GroupState, GroupResult, GroupResult> {
    public WindowedGroupReduction(GroupingKeys by, List<String> values, Statistic statistic, int ddof) {
        super(new GroupReduction(by, values, statistic, ddof));
    }

    @Override
    public GroupResult result(GroupState state) {
        GroupResult all = inner.result(state);
        if (!state.hasEmptyGroup()) {
            return all;
        }
        Map<Object, Long> size = state.rowsByKey();
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
