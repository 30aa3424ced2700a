package io.streamz4j.frame.groupby;

import io.streamz4j.frame.agg.Statistic;
import io.streamz4j.frame.groupby.GroupingKeys;
import io.streamz4j.frame.window.Window;
import io.streamz4j.frame.window.WindowGroupAggregate;

import java.util.List;

/**
 * streamz's {@code WindowedGroupBy}: count, sum, mean, var, std and size per group over the rows
 * in a window (groups of a column, of a computed series, or tuples of several keys), emitting a
 * {@code GroupResult} (keys ascending) after every frame; groups with no rows left in the window
 * are not in it. The results chain pandas' {@code nlargest}, {@code tail}, ... as streamz's
 * updating series do ({@link io.streamz4j.frame.groupby.GroupResults}).
 *
 * <p>Thread safety: as {@link Window}.
 */
public final class WindowGroupBy {
    private final Window window;
    private final GroupingKeys by;
    private final List<String> values;

    public WindowGroupBy(Window window, GroupingKeys by, List<String> values) {
        this.window = window;
        this.by = by;
        this.values = values;
    }

    /** {@code g.amount}. */
    public WindowGroupBy col(String name) {
        window.root().schema().field(name);
        return new WindowGroupBy(window, by, List.of(name));
    }

    /** {@code g[['a', 'b']]}. */
    public WindowGroupBy select(List<String> names) {
        names.forEach(window.root().schema()::field);
        return new WindowGroupBy(window, by, List.copyOf(names));
    }

    private List<String> valueColumns() {
        return values != null ? values : by.defaultValues(window.root().schema());
    }

    private WindowGroupAggregate aggregate(Statistic statistic, int ddof) {
        return window.aggregateGrouped(by, valueColumns(), statistic, ddof);
    }

    public WindowGroupAggregate sum() {
        return aggregate(Statistic.SUM, 1);
    }

    public WindowGroupAggregate mean() {
        return aggregate(Statistic.MEAN, 1);
    }

    public WindowGroupAggregate count() {
        return aggregate(Statistic.COUNT, 1);
    }

    public WindowGroupAggregate var(int ddof) {
        return aggregate(Statistic.VAR, ddof);
    }

    public WindowGroupAggregate std(int ddof) {
        return aggregate(Statistic.STD, ddof);
    }

    /** Rows per group in the window, one column named "size". */
    public WindowGroupAggregate size() {
        return window.aggregateGrouped(by, List.of(), Statistic.SIZE, 0);
    }
}
