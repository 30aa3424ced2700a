package io.streamz4j.frame.groupby;

import io.streamz4j.Stream;
import io.streamz4j.frame.DataFrame;
import io.streamz4j.frame.Series;
import io.streamz4j.frame.agg.Statistic;
import io.streamz4j.frame.groupby.GroupReduction;
import io.streamz4j.frame.groupby.GroupResult;
import io.streamz4j.frame.groupby.GroupingKeys;

import java.util.List;

/**
 * streamz's {@code GroupBy}: running aggregations per group, over all frames so far; groups are
 * the values of a key column, of a series computed from the same frames ({@code df.x % 3}), or
 * tuples of several keys (pandas' MultiIndex, keys {@code List.of(...)}). {@code col(name)} narrows
 * to one value column (pandas' {@code g.amount}). Every result is a {@link GroupResult} with the
 * keys ascending, as pandas' groupby sorts them.
 *
 * <p>Thread safety: as {@link DataFrame}.
 */
public final class GroupBy {
    private final DataFrame root;
    private final GroupingKeys by;
    private final List<String> values;

    public GroupBy(DataFrame root, String key, List<String> values) {
        this(root, GroupingKeys.column(key), values);
    }

    private GroupBy(DataFrame root, GroupingKeys by, List<String> values) {
        this.root = root;
        this.by = by;
        this.values = values;
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
        return new GroupBy(df, Groupers.resolve(df, keys, "groupby"), null);
    }

    /** {@code g.amount} / {@code g['amount']}. */
    public GroupBy col(String name) {
        root.schema().field(name);
        return new GroupBy(root, by, List.of(name));
    }

    /** {@code g[['a', 'b']]}. */
    public GroupBy select(List<String> names) {
        names.forEach(root.schema()::field);
        return new GroupBy(root, by, List.copyOf(names));
    }

    private List<String> valueColumns() {
        return values != null ? values : by.defaultValues(root.schema());
    }

    private Stream<GroupResult> aggregate(Statistic statistic, int ddof) {
        return root.aggregate(new GroupReduction(by, valueColumns(), statistic, ddof));
    }

    public Stream<GroupResult> sum() {
        return aggregate(Statistic.SUM, 1);
    }

    public Stream<GroupResult> mean() {
        return aggregate(Statistic.MEAN, 1);
    }

    public Stream<GroupResult> count() {
        return aggregate(Statistic.COUNT, 1);
    }

    /** Rows per group, in one column named "size". */
    public Stream<GroupResult> size() {
        return root.aggregate(new GroupReduction(by, List.of(), Statistic.SIZE, 0));
    }

    public Stream<GroupResult> var(int ddof) {
        return aggregate(Statistic.VAR, ddof);
    }

    public Stream<GroupResult> std(int ddof) {
        return aggregate(Statistic.STD, ddof);
    }

    public Stream<GroupResult> min() {
        return aggregate(Statistic.MIN, 1);
    }

    public Stream<GroupResult> max() {
        return aggregate(Statistic.MAX, 1);
    }
}
