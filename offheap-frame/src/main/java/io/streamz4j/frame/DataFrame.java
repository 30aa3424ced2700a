package io.streamz4j.frame;

import io.streamz4j.Stream;
import io.streamz4j.frame.agg.Aggregation;
import io.streamz4j.frame.agg.Reduction;
import io.streamz4j.frame.agg.Statistic;
import io.streamz4j.frame.expr.Expr;
import io.streamz4j.frame.expr.RowFilter;
import io.streamz4j.frame.groupby.GroupBy;
import io.streamz4j.frame.kernel.Convert;
import io.streamz4j.frame.kernel.Gather;
import io.streamz4j.frame.kernel.MaskedKernels;
import io.streamz4j.frame.node.Aggregate;
import io.streamz4j.frame.node.Cumulative;
import io.streamz4j.frame.node.FrameMap;
import io.streamz4j.frame.node.SchemaCheck;
import io.streamz4j.frame.rolling.Rolling;
import io.streamz4j.frame.window.Durations;
import io.streamz4j.frame.window.Ewm;
import io.streamz4j.frame.window.EwmSpec;
import io.streamz4j.frame.window.ExponentialMovingWindow;
import io.streamz4j.frame.window.NumericColumns;
import io.streamz4j.frame.window.Window;
import io.streamz4j.frame.window.WindowSpec;

import org.apache.arrow.memory.BufferAllocator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * streamz's streaming {@code DataFrame}: a stream of {@link Frame}s with a schema (the example),
 * and pandas' operations set up once and applied to every frame. Operations that map frames to
 * frames ({@link #where}, {@link #assign}, {@link #cumsum}, ...) give another DataFrame; reductions
 * ({@link #sum}, {@link #mean}, ...) give a stream of the running result over all frames so far,
 * emitted after every frame, as streamz with pandas does.
 *
 * <p>New frames are made from {@link #allocator()} and handed downstream under the ownership rule
 * of {@link Frame}: lent for the duration of the call, retained by whoever keeps them.
 *
 * <p>Thread safety: building the pipeline is single-threaded; frames flow on the thread that
 * emits them, as for any {@link Stream}.
 */
public final class DataFrame {
    private final Stream<Frame> stream;
    private final Schema schema;
    private final BufferAllocator allocator;

    DataFrame(Stream<Frame> stream, Schema schema, BufferAllocator allocator) {
        this.stream = stream;
        this.schema = schema;
        this.allocator = allocator;
    }

    /**
     * streamz's {@code stream.to_dataframe(example=...)} / {@code DataFrame(stream, example=...)}:
     * frames emitted into {@code upstream} must fit {@code example}; anything else is refused
     * with the column named.
     */
    public static DataFrame of(Stream<?> upstream, Schema example, BufferAllocator allocator) {
        if (upstream == null || example == null || allocator == null) {
            throw new IllegalArgumentException("DataFrame.of needs a stream, an example schema and an allocator, got "
                    + upstream + ", " + example + ", " + allocator);
        }
        return new DataFrame(Stream.build(() -> new SchemaCheck(upstream, example)), example, allocator);
    }

    /** A DataFrame over a new source stream: emit frames with {@code df.stream().upstream().emit}, or {@link #emit}. */
    public static DataFrame create(Schema example, BufferAllocator allocator) {
        return of(new Stream<Frame>(), example, allocator);
    }

    /** Emits a frame into the stream this DataFrame was made from (lent: the caller still owns it). */
    @SuppressWarnings("unchecked")
    public void emit(Frame frame) {
        ((Stream<Object>) stream.upstream()).emit(frame);
    }

    public Stream<Frame> stream() {
        return stream;
    }

    public Schema schema() {
        return schema;
    }

    public BufferAllocator allocator() {
        return allocator;
    }

    public List<String> columns() {
        return schema.names();
    }

    // ------------------------------------------------------------------ columns and rows

    /** {@code df.x} / {@code df['x']}: one column as a Series; unknown names fail now, naming the column. */
    public Series col(String name) {
        schema.field(name);
        return new Series(this, Expr.col(name));
    }

    /** {@code df[['x', 'y']]}: these columns, shared, not copied. */
    public DataFrame select(List<String> names) {
        Schema picked = schema.select(names);
        return mapFrames("getitem", picked, f -> f.select(names));
    }

    /**
     * {@code df[mask]}: the rows where the boolean series is true, with their labels: frames
     * without an index get their row numbers as a LONG index (see {@link RangeLabels}).
     */
    public DataFrame where(Series mask) {
        mask.requireOver(this, "where");
        if (mask.type() != ColumnType.BOOLEAN) {
            throw new IllegalArgumentException("where needs a boolean series, '" + mask.name() + "' is " + mask.type());
        }
        // a selection over the unfiltered frame's columns: nothing is gathered until a column is asked for,
        // and a filter of comparisons with numbers is not even evaluated until a reduction runs it
        RowFilter filter = RowFilter.of(mask.expr(), schema);
        return mapFrames("getitem", RangeLabels.labelled(schema), f -> {
            Frame base = f.unfiltered();
            RowFilter priorFilter = f.selectionFilter();
            if (filter != null && (base == f || priorFilter != null)) {
                return Frame.filtered(base, priorFilter == null ? filter : priorFilter.and(filter), allocator);
            }
            Column m = mask.expr().evaluate(base, allocator);
            Column prior = f.selectionMask();
            if (prior != null) {
                Column both;
                try {
                    both = MaskedKernels.and(m, prior, allocator);
                } finally {
                    m.release();
                }
                m = both;
            }
            int count;
            try {
                count = MaskedKernels.count(m);
            } catch (RuntimeException e) {
                m.release();
                throw e;
            }
            return Frame.selecting(base, m, count, allocator);
        });
    }

    /** {@code df.query(...)} in Java form: a boolean series built from this frame's columns. */
    public DataFrame query(Function<DataFrame, Series> predicate) {
        return where(predicate.apply(this));
    }

    /** {@code df.assign(name=series)} / {@code df[name] = series}: adds or replaces a column. */
    public DataFrame assign(String name, Series value) {
        value.requireOver(this, "assign");
        Schema next = schema.with(value.field().renamed(name));
        return mapFrames("assign", next, f -> {
            Column c = value.expr().evaluate(f, allocator);
            Column named = c.renamed(name);
            c.release();
            return f.with(named);
        });
    }

    /** {@code df.astype(type)}: every column converted (numbers and booleans). */
    public DataFrame astype(ColumnType type) {
        List<Field> fields = new ArrayList<>();
        for (Field f : schema.columns()) {
            if (!(f.type().isNumeric() || f.type() == ColumnType.BOOLEAN) || !(type.isNumeric() || type == ColumnType.BOOLEAN)) {
                throw new IllegalArgumentException("astype(" + type + ") of column '" + f.name() + "' (" + f.type()
                        + "): only numbers and booleans convert");
            }
            fields.add(Field.of(f.name(), type));
        }
        Schema next = Schema.of(fields, schema.index());
        return mapFrames("astype", next, f -> Convert.columns(f, next, allocator, Convert::cast));
    }

    /** {@code df.round(decimals)}: doubles rounded half to even, as numpy does; other columns kept. */
    public DataFrame round(int decimals) {
        return mapFrames("round", schema, f -> Convert.columns(f, schema, allocator,
                (v, t) -> t == ColumnType.DOUBLE ? Convert.round(v, decimals) : v));
    }

    /** {@code df.set_index(column)}: the column becomes the index (dropped from the columns, as pandas' drop=True). */
    public DataFrame setIndex(String column) {
        Field index = schema.field(column);
        List<String> rest = new ArrayList<>(schema.names());
        rest.remove(column);
        Schema next = Schema.of(schema.select(rest).columns(), index);
        return mapFrames("set_index", next, f -> {
            List<Column> cols = new ArrayList<>();
            for (String n : rest) {
                cols.add(f.column(n).retain());
            }
            return Frame.of(next, cols, f.column(column).retain());
        });
    }

    /** {@code df.reset_index()}: the index becomes the first column; the range index becomes an "index" LONG column. */
    public DataFrame resetIndex() {
        Field indexField = schema.index() != null ? schema.index() : Field.of("index", ColumnType.LONG);
        List<Field> fields = new ArrayList<>();
        fields.add(indexField);
        fields.addAll(schema.columns());
        Schema next = Schema.of(fields, null);
        return mapFrames("reset_index", next, f -> {
            List<Column> cols = new ArrayList<>();
            cols.add(f.index() != null ? f.index().retain() : Convert.range(indexField, f.rows(), allocator));
            for (int c = 0; c < f.width(); c++) {
                cols.add(f.column(c).retain());
            }
            return Frame.of(next, cols, null);
        });
    }

    /** {@code df.tail(n)}: the last n rows of every frame, with their labels (row numbers if it has no index). */
    public DataFrame tail(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("tail(n): n must be >= 0, got " + n);
        }
        Schema labelled = RangeLabels.labelled(schema);
        return mapFrames("tail", labelled, f -> {
            int from = Math.max(0, f.rows() - n);
            Frame cut = Gather.range(f, from, f.rows() - from, allocator);
            return cut.index() != null ? cut : RangeLabels.attach(cut, labelled, from, allocator);
        });
    }

    /** {@code map_partitions(f)}: f makes a frame of {@code resultSchema} from each frame (a new one, or the input retained). */
    public DataFrame mapPartitions(Function<Frame, Frame> f, Schema resultSchema) {
        return new DataFrame(Stream.build(() -> new FrameMap(stream, "map_partitions", f, resultSchema)), resultSchema,
                allocator);
    }

    /**
     * streamz's {@code accumulate_partitions(func, start=...)}: folds every frame into a state with
     * {@code f(state, frame)} and emits each new state. The frame is lent for the call: f reads it
     * (or retains it, and releases it later) but must not keep it otherwise.
     */
    public <S> Stream<S> accumulatePartitions(BiFunction<S, Frame, S> f, S start) {
        if (f == null) {
            throw new IllegalArgumentException("accumulate_partitions needs a function, got null");
        }
        return stream.accumulate(f, start);
    }

    /** {@code accumulate_partitions(agg)} / {@code aggregate(agg)}: a running aggregation from its initial state. */
    public <S, R> Stream<R> aggregate(Aggregation<S, R> aggregation) {
        return aggregate(aggregation, aggregation.initial(schema));
    }

    /** The same from a given state (streamz's {@code start=}), so a pipeline can resume from a saved one. */
    public <S, R> Stream<R> aggregate(Aggregation<S, R> aggregation, S start) {
        return Stream.build(() -> new Aggregate<>(stream, aggregation, start));
    }

    // ------------------------------------------------------------------ reductions

    @SuppressWarnings("unchecked")
    private Stream<Map<String, Number>> reduce(Statistic statistic, int ddof) {
        return (Stream<Map<String, Number>>) (Stream<?>) aggregate(
                Reduction.ofDataFrame(statistic, NumericColumns.reducible(schema, null), ddof));
    }

    /**
     * Running sum of every numeric and boolean column (pandas' {@code df.sum()}: booleans count
     * their trues; every reduction below takes booleans as 0 and 1, so min and max of one are 0 or 1).
     */
    public Stream<Map<String, Number>> sum() {
        return reduce(Statistic.SUM, 1);
    }

    public Stream<Map<String, Number>> mean() {
        return reduce(Statistic.MEAN, 1);
    }

    public Stream<Map<String, Number>> count() {
        return reduce(Statistic.COUNT, 1);
    }

    public Stream<Map<String, Number>> min() {
        return reduce(Statistic.MIN, 1);
    }

    public Stream<Map<String, Number>> max() {
        return reduce(Statistic.MAX, 1);
    }

    public Stream<Map<String, Number>> var(int ddof) {
        return reduce(Statistic.VAR, ddof);
    }

    public Stream<Map<String, Number>> std(int ddof) {
        return reduce(Statistic.STD, ddof);
    }

    /** Running number of cells (rows times columns), pandas' {@code size}. */
    @SuppressWarnings("unchecked")
    public Stream<Long> size() {
        return (Stream<Long>) (Stream<?>) aggregate(
                Reduction.ofDataFrame(Statistic.SIZE, NumericColumns.reducible(schema, null), 0));
    }

    // ------------------------------------------------------------------ cumulative and grouped

    public DataFrame cumsum() {
        return cumulative("cumsum", Cumulative.Op.SUM);
    }

    public DataFrame cumprod() {
        return cumulative("cumprod", Cumulative.Op.PROD);
    }

    public DataFrame cummin() {
        return cumulative("cummin", Cumulative.Op.MIN);
    }

    public DataFrame cummax() {
        return cumulative("cummax", Cumulative.Op.MAX);
    }

    private DataFrame cumulative(String name, Cumulative.Op op) {
        Cumulative running = new Cumulative(op, schema, allocator);
        return mapFrames(name, running.schema(), running);
    }

    /** {@code df.groupby('key')}: aggregations per value of a column. */
    public GroupBy groupby(String key) {
        schema.field(key);
        return new GroupBy(this, key, null);
    }

    /** {@code df.groupby(df.x % 3)}: aggregations per value of a series computed from this DataFrame. */
    public GroupBy groupby(Series key) {
        return GroupBy.of(this, key);
    }

    /** {@code df.groupby(['a', 'b'])} / {@code df.groupby([df.a, df.b % 2])}: per distinct tuple of keys. */
    public GroupBy groupby(List<?> keys) {
        return GroupBy.of(this, keys);
    }

    DataFrame mapFrames(String kind, Schema resultSchema, Function<Frame, Frame> f) {
        return new DataFrame(Stream.build(() -> new FrameMap(stream, kind, f)), resultSchema, allocator);
    }

    @Override
    public String toString() {
        return "DataFrame(" + schema + ")";
    }

    // ------------------------------------------------------------------ windows, rolling, ewm

    /** {@code df.window(n)}: aggregations over the last {@code n} rows. */
    public Window window(long n) {
        return Window.of(this, WindowSpec.rows(n));
    }

    /** {@code df.window(value=span)}: aggregations over the rows within {@code span} of the latest index. */
    public Window window(Duration span) {
        return Window.of(this, WindowSpec.span(span));
    }

    /** {@code df.window("2h")}: a span as pandas writes a Timedelta. */
    public Window window(String span) {
        return window(Durations.parse(span));
    }

    /** {@code df.expanding()}: aggregations over all rows so far. */
    public Window expanding() {
        return Window.of(this, WindowSpec.all());
    }

    /** {@code df.ewm(com=..)} (or span, halflife, alpha: exactly one non-null). */
    public Ewm ewm(Double com, Double span, Double halflife, Double alpha) {
        return Ewm.of(this, com, span, halflife, alpha);
    }

    /** {@code df.ewm(com)}. */
    public Ewm ewm(double com) {
        return ewm(com, null, null, null);
    }

    /**
     * pandas' {@code df.ewm(...)} row by row over every numeric column ({@code
     * df.ewm(EwmSpec.span(10).adjust(false)).mean()}): each frame's rows with their weighted
     * statistics over all rows so far.
     */
    public ExponentialMovingWindow ewm(EwmSpec spec) {
        return ExponentialMovingWindow.of(this, spec, null);
    }

    /** {@code df.rolling(n)}: rolling aggregations over windows of {@code n} rows. */
    public Rolling rolling(long n) {
        return Rolling.rows(this, n);
    }

    /** {@code df.rolling(span)} over a TIMESTAMP index. */
    public Rolling rolling(Duration span) {
        return Rolling.span(this, span);
    }

    /** {@code df.rolling("2h")}. */
    public Rolling rolling(String span) {
        return rolling(Durations.parse(span));
    }
}
