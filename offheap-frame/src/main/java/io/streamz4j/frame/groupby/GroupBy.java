package io.streamz4j.frame.groupby;

import io.streamz4j.Stream;
import io.streamz4j.frame.DataFrame;
import io.streamz4j.frame.Series;
import io.streamz4j.frame.agg.Statistic;
import io.streamz4j.frame.groupby.GroupReduction;
import io.streamz4j.frame.groupby.GroupResult;
import io.streamz4j.frame.groupby.GroupState;
import io.streamz4j.frame.groupby.GroupingKeys;
import io.streamz4j.frame.node.Aggregate;

import java.util.List;

/**
 * streamz's {@code GroupBy}: running aggregations per group, over all frames so far; groups are
 * the values of a key column, of a series computed from the same frames ({@code df.x % 3}), or
 * tuples of several keys (pandas' MultiIndex, keys {@code List.of(...)}). {@code col(name)} narrows
 * to one value column (pandas' {@code g.amount}). Every result is a {@link GroupResult} with the
 * keys ascending, as pandas' groupby sorts them, and chains pandas' {@code nlargest}, {@code tail},
 * ... ({@link GroupResults}). {@link #start} continues from a saved state and {@link #withState()}
 * emits the state with each result, as streamz's {@code start=} and {@code with_state=True}.
 *
 * <p>Thread safety: as {@link DataFrame}.
 */
public final class GroupBy {
    private final DataFrame root;
    private final GroupingKeys by;
    private final List<String> values;
    private final GroupState start;

    public GroupBy(DataFrame root, String key, List<String> values) {
        this(root, GroupingKeys.column(key), values, null);
    }

    private GroupBy(DataFrame root, GroupingKeys by, List<String> values, GroupState start) {
        this.root = root;
        this.by = by;
        this.values = values;
        this.start = start;
    }

    /** {@code df.groupby(df.x % 3)}: grouped by a series computed from the same DataFrame. */
    public static GroupBy of(DataFrame df, Series key) {
        return of(df, List.of(key));
    }

    /** {@code df.groupby(['a', 'b'])} / {@code df.groupby([df.a, df.b % 2])}: column names and series of {@code df}. */
    public static GroupBy of(DataFrame df, List<?> keys) {
        if (df == null) {
            throw new IllegalArgumentException("groupby: the DataFrame is null");
        }
        return new GroupBy(df, Groupers.resolve(df, keys, "groupby"), null, null);
    }

    /** {@code g.amount} / {@code g['amount']}. */
    public GroupBy col(String name) {
        root.schema().field(name);
        return new GroupBy(root, by, List.of(name), start);
    }

    /** {@code g[['a', 'b']]}. */
    public GroupBy select(List<String> names) {
        names.forEach(root.schema()::field);
        return new GroupBy(root, by, List.copyOf(names), start);
    }

    /**
     * Aggregations that go on from {@code saved} (streamz's {@code start=}): a state a groupby of
     * the same keys and columns emitted {@link #withState() with its results} or held
     * ({@link Aggregate#state()}). Each aggregation works on its own copy, so one saved state can
     * seed several; one that does not fit (other keys or columns, or moments the statistic needs
     * but it never kept) is an IllegalArgumentException when the aggregation is made.
     */
    public GroupBy start(GroupState saved) {
        if (saved == null) {
            throw new IllegalArgumentException("groupby(" + by.name() + ").start: the saved state is null");
        }
        return new GroupBy(root, by, values, saved);
    }

    /** Aggregations that emit (state, result) pairs (streamz's {@code with_state=True}). */
    public StatefulGroupBy withState() {
        return new StatefulGroupBy(this);
    }

    private List<String> valueColumns() {
        return values != null ? values : by.defaultValues(root.schema());
    }

    /** The reduction of {@code statistic} (size: over no value column), for this groupby's nodes. */
    GroupReduction reduction(Statistic statistic, int ddof) {
        return statistic == Statistic.SIZE ? new GroupReduction(by, List.of(), Statistic.SIZE, 0)
                : new GroupReduction(by, valueColumns(), statistic, ddof);
    }

    /** The state {@code reduction} starts from: a copy of the saved one, or the empty state. */
    GroupState startState(GroupReduction reduction) {
        return start != null ? reduction.startFrom(start, root.schema()) : reduction.initial(root.schema());
    }

    DataFrame root() {
        return root;
    }

    private GroupAggregate aggregate(Statistic statistic, int ddof) {
        GroupReduction reduction = reduction(statistic, ddof);
        GroupState initial = startState(reduction);
        return Stream.build(() -> new GroupAggregate(root.stream(), reduction, initial));
    }

    public GroupAggregate sum() {
        return aggregate(Statistic.SUM, 1);
    }

    public GroupAggregate mean() {
        return aggregate(Statistic.MEAN, 1);
    }

    public GroupAggregate count() {
        return aggregate(Statistic.COUNT, 1);
    }

    /** Rows per group, in one column named "size". */
    public GroupAggregate size() {
        return aggregate(Statistic.SIZE, 0);
    }

    public GroupAggregate var(int ddof) {
        return aggregate(Statistic.VAR, ddof);
    }

    public GroupAggregate std(int ddof) {
        return aggregate(Statistic.STD, ddof);
    }

    public GroupAggregate min() {
        return aggregate(Statistic.MIN, 1);
    }

    public GroupAggregate max() {
        return aggregate(Statistic.MAX, 1);
    }
}
