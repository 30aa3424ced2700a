package io.streamz4j.frame.window;

import io.streamz4j.Stream;
import io.streamz4j.frame.DataFrame;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.RangeLabels;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.Series;
import io.streamz4j.frame.agg.Aggregation;
import io.streamz4j.frame.agg.Reduction;
import io.streamz4j.frame.agg.Statistic;
import io.streamz4j.frame.groupby.GroupReduction;
import io.streamz4j.frame.groupby.GroupResult;
import io.streamz4j.frame.groupby.GroupState;
import io.streamz4j.frame.groupby.Groupers;
import io.streamz4j.frame.groupby.GroupingKeys;
import io.streamz4j.frame.groupby.WindowGroupBy;
import io.streamz4j.frame.groupby.WindowedGroupReduction;

import java.util.List;
import java.util.function.Function;

/**
 * streamz's {@code Window}: aggregations over a sliding window of a DataFrame's rows, the last
 * {@code n} rows ({@code df.window(n)}), the rows within a span of the latest index
 * ({@code df.window("2h")}), or all rows so far ({@code df.expanding()}). {@link #col} narrows to
 * one column ({@code df.window(n).x}); reductions over a column emit a Number, over a DataFrame a
 * map of column to Number, as in streamz. Each aggregation is its own node holding its own deque
 * of frame references.
 *
 * <p>Configuration ({@link #withState()}, {@link #start}, {@link #outOfOrder}) returns a new
 * Window. Thread safety: building is single-threaded; the nodes run on the emitting thread.
 */
public final class Window {
    private final DataFrame root;
    private final WindowSpec spec;
    private final String column;
    private final boolean withState;
    private final WindowState<?> start;
    private final OutOfOrder policy;

    private Window(DataFrame root, WindowSpec spec, String column, boolean withState, WindowState<?> start,
            OutOfOrder policy) {
        this.root = root;
        this.spec = spec;
        this.column = column;
        this.withState = withState;
        this.start = start;
        this.policy = policy;
    }

    /** A window of {@code spec} over {@code root}'s frames (late rows refused by default). */
    public static Window of(DataFrame root, WindowSpec spec) {
        if (root == null || spec == null) {
            throw new IllegalArgumentException("window needs a DataFrame and a window spec, got " + root + ", " + spec);
        }
        spec.check(root.schema());
        return new Window(root, spec, null, false, null, OutOfOrder.REJECT);
    }

    /** {@code window.x}: the window of one column. */
    public Window col(String name) {
        root.schema().field(name);
        return new Window(root, spec, name, withState, start, policy);
    }

    /** Emit {@link WithState} (state, result) pairs instead of results (streamz's {@code with_state=True}). */
    public Window withState() {
        return new Window(root, spec, column, true, start, policy);
    }

    /** Continue from a saved window (streamz's {@code start=}); the window retains the state's frames. */
    public Window start(WindowState<?> saved) {
        if (saved == null) {
            throw new IllegalArgumentException("window start: the saved state is null");
        }
        return new Window(root, spec, column, withState, saved, policy);
    }

    /** What to do with rows older than the window's lower bound when they arrive. */
    public Window outOfOrder(OutOfOrder choice) {
        if (choice == null) {
            throw new IllegalArgumentException("window outOfOrder: the policy is null");
        }
        return new Window(root, spec, column, withState, start, choice);
    }

    public WindowSpec spec() {
        return spec;
    }

    public DataFrame root() {
        return root;
    }

    /** Runs {@code aggregation} over the window (streamz's {@code window.aggregate(agg)}). */
    public <S, R> WindowAggregate<S, R> aggregate(Aggregation<S, R> aggregation) {
        NodeMaker<S, R, WindowAggregate<S, R>> plain = WindowAggregate::new;
        return aggregate(aggregation, plain);
    }

    /** How a node of {@code WindowAggregate}'s kind is made from the window's parts. */
    private interface NodeMaker<S, R, N extends WindowAggregate<S, R>> {
        N make(Stream<Frame> upstream, Aggregation<S, R> aggregation, FrameWindow window, S initial,
                List<Frame> frames, boolean withState, String name);
    }

    @SuppressWarnings("unchecked")
    private <S, R, N extends WindowAggregate<S, R>> N aggregate(Aggregation<S, R> aggregation, NodeMaker<S, R, N> maker) {
        if (aggregation == null) {
            throw new IllegalArgumentException("window(" + spec + ").aggregate: the aggregation is null");
        }
        S initial;
        List<Frame> frames;
        if (start != null) {
            // a copy: the saved state stays as it was and may seed other windows
            initial = aggregation.copy((S) start.state());
            frames = start.frames();
        } else {
            initial = aggregation.initial(root.schema());
            frames = List.of();
        }
        FrameWindow window = new FrameWindow(spec, policy, root.allocator());
        String name = spec + (column == null ? "" : " ." + column) + " " + aggregation.getClass().getSimpleName();
        return Stream.build(() -> maker.make(root.stream(), aggregation, window, initial, frames, withState, name));
    }

    private WindowAggregate<?, Object> reduce(Statistic statistic, int ddof) {
        Reduction r = column != null ? Reduction.ofSeries(statistic, column, ddof)
                : Reduction.ofDataFrame(statistic, NumericColumns.reducible(root.schema(), null), ddof);
        return aggregate(r);
    }

    public WindowAggregate<?, Object> sum() {
        return reduce(Statistic.SUM, 1);
    }

    public WindowAggregate<?, Object> mean() {
        return reduce(Statistic.MEAN, 1);
    }

    public WindowAggregate<?, Object> count() {
        return reduce(Statistic.COUNT, 1);
    }

    public WindowAggregate<?, Object> var(int ddof) {
        return reduce(Statistic.VAR, ddof);
    }

    public WindowAggregate<?, Object> std(int ddof) {
        return reduce(Statistic.STD, ddof);
    }

    /** Rows in the window for a column, cells (rows times columns) for a DataFrame. */
    public WindowAggregate<?, Object> size() {
        return reduce(Statistic.SIZE, 0);
    }

    /** Counts of each value of the column in the window, keys ascending; a value whose rows left counts 0, as in streamz. */
    public WindowAggregate<?, ?> valueCounts() {
        if (column == null) {
            throw new IllegalArgumentException("window(" + spec + ").value_counts needs one column: window.col(name)");
        }
        return aggregate(new GroupReduction(column, List.of(), Statistic.SIZE, 0));
    }

    /** The whole window as one frame after every frame (streamz's {@code full}); a copy each time. */
    public DataFrame full() {
        if (withState) {
            throw new IllegalArgumentException("window(" + spec + ").full() makes a DataFrame of frames; withState()"
                    + " pairs do not fit it: use aggregate(new Full(allocator)) for (state, frame) pairs");
        }
        Schema schema = RangeLabels.labelled(column == null ? root.schema() : root.schema().select(List.of(column)));
        Window over = column == null ? this : new Window(root.select(List.of(column)), spec, null, withState, start,
                policy);
        @SuppressWarnings("unchecked")
        Stream<Frame> frames = (Stream<Frame>) (Stream<?>) over.aggregate(new Full(root.allocator()));
        return DataFrame.of(frames, schema, root.allocator());
    }

    /** {@code func} over the whole window after every frame (streamz's {@code apply}); it makes frames of {@code resultSchema}. */
    public DataFrame apply(Function<Frame, Frame> func, Schema resultSchema) {
        return full().mapPartitions(func, resultSchema);
    }

    /** {@code window.groupby(key)}: grouped aggregations inside the window. */
    public WindowGroupBy groupby(String key) {
        return groupby(List.of(key));
    }

    /** {@code window.groupby(df.x % 3)}: grouped by a series computed from the window's frames. */
    public WindowGroupBy groupby(Series key) {
        return groupby(List.of(key));
    }

    /**
     * {@code window.groupby(['a', 'b'])} / {@code window.groupby([df.a, df.x % 3])}: grouped by
     * column names and series of the window's DataFrame; several keys group by their tuples.
     */
    public WindowGroupBy groupby(List<?> keys) {
        GroupingKeys by = Groupers.resolve(root, keys, "window(" + spec + ").groupby");
        return new WindowGroupBy(this, by, column == null ? null : List.of(column));
    }

    /** Used by {@link WindowGroupBy}. */
    public WindowGroupAggregate aggregateGrouped(GroupingKeys by, List<String> values, Statistic statistic, int ddof) {
        List<String> columns = statistic == Statistic.SIZE ? List.of("size") : values;
        NodeMaker<GroupState, GroupResult, WindowGroupAggregate> grouped = (upstream, aggregation, window, initial,
                frames, stated, name) -> new WindowGroupAggregate(upstream, aggregation, window, initial, frames, stated,
                        name, columns);
        return aggregate(new WindowedGroupReduction(by, values, statistic, ddof), grouped);
    }

    @Override
    public String toString() {
        return "Window(" + spec + (column == null ? "" : ", " + column) + ")";
    }
}
