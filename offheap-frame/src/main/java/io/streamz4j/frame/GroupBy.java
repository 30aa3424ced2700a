package io.streamz4j.frame;

import io.streamz4j.Stream;
import io.streamz4j.frame.agg.GroupReduction;
import io.streamz4j.frame.agg.GroupResult;
import io.streamz4j.frame.agg.Statistic;

import java.util.ArrayList;
import java.util.List;

/**
 * streamz's {@code GroupBy}: running aggregations per value of a key column, over all frames so
 * far; {@code col(name)} narrows to one value column (pandas' {@code g.amount}). Every result is
 * a {@link GroupResult} with the keys ascending, as pandas' groupby sorts them.
 *
 * <p>Thread safety: as {@link DataFrame}.
 */
public final class GroupBy {
    private final DataFrame root;
    private final String key;
    private final List<String> values;

    GroupBy(DataFrame root, String key, List<String> values) {
        this.root = root;
        this.key = key;
        this.values = values;
    }

    /** {@code g.amount} / {@code g['amount']}. */
    public GroupBy col(String name) {
        root.schema().field(name);
        return new GroupBy(root, key, List.of(name));
    }

    /** {@code g[['a', 'b']]}. */
    public GroupBy select(List<String> names) {
        names.forEach(root.schema()::field);
        return new GroupBy(root, key, List.copyOf(names));
    }

    private List<String> valueColumns() {
        if (values != null) {
            return values;
        }
        List<String> out = new ArrayList<>();
        for (Field f : root.schema().columns()) {
            if (!f.name().equals(key) && f.type().isNumeric()) {
                out.add(f.name());
            }
        }
        return out;
    }

    private Stream<GroupResult> aggregate(Statistic statistic, int ddof) {
        return root.aggregate(new GroupReduction(key, valueColumns(), statistic, ddof));
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
        return root.aggregate(new GroupReduction(key, List.of(), Statistic.SIZE, 0));
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
