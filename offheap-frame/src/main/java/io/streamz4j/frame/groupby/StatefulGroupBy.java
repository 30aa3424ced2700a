package io.streamz4j.frame.groupby;

import io.streamz4j.Stream;
import io.streamz4j.frame.agg.EmittingState;
import io.streamz4j.frame.agg.StateAndResult;
import io.streamz4j.frame.agg.Statistic;

/**
 * A groupby whose aggregations emit (state, result) pairs (streamz's {@code with_state=True}, as
 * in {@code sdf.groupby('y').x.mean(with_state=True)}): each state is a copy, which
 * {@link GroupBy#start} takes to continue where it was.
 *
 * <p>Thread safety: as {@link GroupBy}.
 */
public final class StatefulGroupBy {
    private final GroupBy groupBy;

    StatefulGroupBy(GroupBy groupBy) {
        this.groupBy = groupBy;
    }

    private Stream<StateAndResult<GroupState, GroupResult>> aggregate(Statistic statistic, int ddof) {
        GroupReduction reduction = groupBy.reduction(statistic, ddof);
        return groupBy.root().aggregate(new EmittingState<>(reduction), groupBy.startState(reduction));
    }

    public Stream<StateAndResult<GroupState, GroupResult>> sum() {
        return aggregate(Statistic.SUM, 1);
    }

    public Stream<StateAndResult<GroupState, GroupResult>> mean() {
        return aggregate(Statistic.MEAN, 1);
    }

    public Stream<StateAndResult<GroupState, GroupResult>> count() {
        return aggregate(Statistic.COUNT, 1);
    }

    public Stream<StateAndResult<GroupState, GroupResult>> size() {
        return aggregate(Statistic.SIZE, 0);
    }

    public Stream<StateAndResult<GroupState, GroupResult>> var(int ddof) {
        return aggregate(Statistic.VAR, ddof);
    }

    public Stream<StateAndResult<GroupState, GroupResult>> std(int ddof) {
        return aggregate(Statistic.STD, ddof);
    }

    public Stream<StateAndResult<GroupState, GroupResult>> min() {
        return aggregate(Statistic.MIN, 1);
    }

    public Stream<StateAndResult<GroupState, GroupResult>> max() {
        return aggregate(Statistic.MAX, 1);
    }
}
