package io.streamz4j.frame.rolling;

import io.streamz4j.Stream;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.DataFrame;
import io.streamz4j.frame.Field;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.window.NumericColumns;
import io.streamz4j.frame.window.OutOfOrder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * streamz's {@code Rolling}: {@code df.rolling(n)} or {@code df.rolling("2h")} followed by an
 * aggregation gives a DataFrame whose every frame holds, for each of its rows, the statistic over
 * the window ending at that row, exactly as pandas' {@code rolling} would over all rows so far.
 * Results are doubles; numeric and boolean columns are rolled, booleans as 0.0 and 1.0 (pandas 1.5
 * drops the others), except that count counts every column, strings and timestamps included (a
 * frame has no missing values there, so they count the window's rows).
 *
 * <p>{@code minPeriods}: streamz passes none to pandas, so a window of {@code n} rows gives NaN
 * until it holds {@code n} values and a window over time from one value on; {@link #minPeriods}
 * sets it as pandas' {@code min_periods}. Count counts from 0 rows, as pandas 1.5 does by default.
 *
 * <p>{@link #withState()} and {@link #start} save and resume a rolling aggregation (a checkpointed
 * pipeline): see {@link RollingState}.
 *
 * <p>Thread safety: building is single-threaded; each aggregation is a node on the emitting thread.
 */
public final class Rolling {
    private final DataFrame root;
    private final long rows;
    private final long spanNanos;
    private final Integer minPeriods;
    /** The column picked by {@link #col}, or null: the frame's columns that the statistic takes. */
    private final List<String> columns;
    private final OutOfOrder policy;
    private final boolean withState;
    private final RollingState start;

    private Rolling(DataFrame root, long rows, long spanNanos, Integer minPeriods, List<String> columns,
            OutOfOrder policy, boolean withState, RollingState start) {
        this.root = root;
        this.rows = rows;
        this.spanNanos = spanNanos;
        this.minPeriods = minPeriods;
        this.columns = columns;
        this.policy = policy;
        this.withState = withState;
        this.start = start;
    }

    /** {@code df.rolling(n)}: windows of the last {@code n} rows. */
    public static Rolling rows(DataFrame root, long n) {
        if (n < 1) {
            throw new IllegalArgumentException("rolling(window): window must be >= 1 rows, got " + n);
        }
        return new Rolling(root, n, -1, null, null, OutOfOrder.REJECT, false, null);
    }

    /** {@code df.rolling("2h")}: windows {@code (t - span, t]} over a TIMESTAMP index. */
    public static Rolling span(DataFrame root, Duration span) {
        if (span == null || span.isNegative() || span.isZero()) {
            throw new IllegalArgumentException("rolling(window): a time window must be positive, got " + span);
        }
        Field index = root.schema().index();
        if (index == null || !(index.type() == ColumnType.TIMESTAMP || index.type().isIntegral())) {
            throw new IllegalArgumentException("rolling(" + span + ") needs a monotonic TIMESTAMP index, the frames"
                    + " have " + (index == null ? "the range index" : "index " + index));
        }
        return new Rolling(root, -1, span.toNanos(), null, null, OutOfOrder.REJECT, false, null);
    }

    /** {@code rolling.x}: one column. */
    public Rolling col(String name) {
        Field f = root.schema().field(name);
        if (!f.type().isReducible()) {
            throw new IllegalArgumentException("rolling of column '" + name + "': it is " + f.type()
                    + ", not numeric or boolean");
        }
        return new Rolling(root, rows, spanNanos, minPeriods, List.of(name), policy, withState, start);
    }

    /** pandas' {@code min_periods}: fewer observations than this in a window give NaN. */
    public Rolling minPeriods(int min) {
        if (min < 0 || (rows > 0 && min > rows)) {
            throw new IllegalArgumentException("rolling min_periods must be within [0, window], got " + min);
        }
        return new Rolling(root, rows, spanNanos, min, columns, policy, withState, start);
    }

    /** What to do with a row older than the latest index (time windows only). */
    public Rolling outOfOrder(OutOfOrder choice) {
        if (choice == null) {
            throw new IllegalArgumentException("rolling outOfOrder: the policy is null");
        }
        return new Rolling(root, rows, spanNanos, minPeriods, columns, choice, withState, start);
    }

    /**
     * Keep what a snapshot needs (streamz's {@code with_state} for windows): the node retains the
     * frames whose rows a later window can still reach (at most the window plus a frame), so that
     * {@code RollingNode.of(result).snapshot()} can save them between frames. Without it a rolling
     * node holds no frame once it has emitted.
     */
    public Rolling withState() {
        return new Rolling(root, rows, spanNanos, minPeriods, columns, policy, true, start);
    }

    /**
     * Resume from a saved state ({@link RollingNode#snapshot}, streamz's {@code start=} for
     * windows): the aggregation replays the saved rows before its first frame, so its results go on
     * as the saved node's would have. The node retains the saved frames it needs; the caller still
     * releases {@code saved}.
     */
    public Rolling start(RollingState saved) {
        if (saved == null) {
            throw new IllegalArgumentException("rolling start: the saved state is null");
        }
        for (Frame f : saved.frames()) {
            for (String c : columns != null ? columns : root.schema().names()) {
                if (!f.schema().has(c)) {
                    throw new IllegalArgumentException("rolling start: the saved state's frames have no column '" + c
                            + "' (they have " + f.schema() + ")");
                }
            }
        }
        return new Rolling(root, rows, spanNanos, minPeriods, columns, policy, withState, saved);
    }

    private int minPeriodsFor(RollingOp op) {
        if (minPeriods != null) {
            return minPeriods;
        }
        if (op == RollingOp.COUNT) {
            return 0;
        }
        return spanNanos > 0 ? 1 : (int) rows;
    }

    private DataFrame run(Map<String, RollingOp> ops, double quantile, int ddof) {
        String[] names = ops.keySet().toArray(new String[0]);
        ColumnRoller[] rollers = new ColumnRoller[names.length];
        List<Field> fields = new ArrayList<>();
        int minp = -1;
        for (int i = 0; i < names.length; i++) {
            RollingOp op = ops.get(names[i]);
            rollers[i] = op.newRoller(quantile, ddof, rows > 0);
            fields.add(Field.of(names[i], ColumnType.DOUBLE));
            int m = minPeriodsFor(op);
            if (minp >= 0 && m != minp) {
                throw new IllegalArgumentException("rolling aggregate: count and the other statistics take different"
                        + " default min_periods; set minPeriods(...) to mix them");
            }
            minp = m;
        }
        if (names.length == 0) {
            throw new IllegalArgumentException("rolling: no numeric or boolean column to roll in " + root.schema());
        }
        Schema result = Schema.of(fields, root.schema().index());
        String what = (rows > 0 ? rows + " rows" : Duration.ofNanos(spanNanos).toString()) + " " + ops.values();
        int minPeriods = minp;
        RollingNode node = Stream.build(() -> new RollingNode(root.stream(), rows, spanNanos, minPeriods, names, rollers,
                result, root.allocator(), policy, what, withState, start));
        return DataFrame.of(node, result, root.allocator());
    }

    private DataFrame all(RollingOp op, double quantile, int ddof) {
        Map<String, RollingOp> ops = new LinkedHashMap<>();
        List<String> taken = columns != null ? columns
                : op == RollingOp.COUNT ? root.schema().names() : NumericColumns.reducible(root.schema(), null);
        for (String c : taken) {
            ops.put(c, op);
        }
        return run(ops, quantile, ddof);
    }

    public DataFrame sum() {
        return all(RollingOp.SUM, 0, 1);
    }

    public DataFrame mean() {
        return all(RollingOp.MEAN, 0, 1);
    }

    public DataFrame min() {
        return all(RollingOp.MIN, 0, 1);
    }

    public DataFrame max() {
        return all(RollingOp.MAX, 0, 1);
    }

    public DataFrame median() {
        return all(RollingOp.MEDIAN, 0.5, 1);
    }

    /** Linear interpolation between the order statistics around {@code q * (n - 1)}, pandas' default. */
    public DataFrame quantile(double q) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("rolling quantile: q must be within [0, 1], got " + q);
        }
        return all(RollingOp.QUANTILE, q, 1);
    }

    public DataFrame std(int ddof) {
        return all(RollingOp.STD, 0, ddof);
    }

    public DataFrame var(int ddof) {
        return all(RollingOp.VAR, 0, ddof);
    }

    public DataFrame std() {
        return std(1);
    }

    public DataFrame var() {
        return var(1);
    }

    public DataFrame count() {
        return all(RollingOp.COUNT, 0, 1);
    }

    /** pandas' {@code rolling.aggregate({'a': 'sum', 'b': 'min'})}: one statistic per column, in that order. */
    public DataFrame aggregate(Map<String, String> perColumn) {
        if (perColumn == null || perColumn.isEmpty()) {
            throw new IllegalArgumentException("rolling aggregate needs a column -> statistic map, got " + perColumn);
        }
        Map<String, RollingOp> ops = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : perColumn.entrySet()) {
            col(e.getKey());
            RollingOp op = RollingOp.named(e.getValue());
            if (op == RollingOp.QUANTILE) {
                throw new IllegalArgumentException("rolling aggregate: use quantile(q) for quantiles (column '"
                        + e.getKey() + "')");
            }
            ops.put(e.getKey(), op);
        }
        return run(ops, 0.5, 1);
    }
}
