package io.streamz4j.frame.window;

import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.DataFrame;
import io.streamz4j.frame.Field;
import io.streamz4j.frame.Schema;
import io.streamz4j.frame.Series;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * pandas' {@code ewm(...)} over a streaming DataFrame or Series, row by row: {@link #mean()},
 * {@link #var()} and {@link #std()} give, for every frame, a frame of the same rows and labels
 * holding each row's exponentially weighted statistic over all rows so far, the state carried from
 * frame to frame, so that the frames together are what pandas gives on the concatenated data. The
 * decay and options are an {@link EwmSpec}. (streamz's own {@code ewm(com).mean()}, one value per
 * frame, is {@link Ewm}.)
 *
 * <p>Thread safety: immutable; each statistic is its own node on the emitting thread.
 */
public final class ExponentialMovingWindow {
    private final DataFrame root;
    private final EwmSpec spec;
    private final List<String> columns;

    private ExponentialMovingWindow(DataFrame root, EwmSpec spec, List<String> columns) {
        this.root = root;
        this.spec = spec;
        this.columns = columns;
    }

    /** Over {@code columns} of {@code root} (null: every numeric and boolean column, booleans as 0.0 and 1.0). */
    public static ExponentialMovingWindow of(DataFrame root, EwmSpec spec, List<String> columns) {
        if (root == null || spec == null) {
            throw new IllegalArgumentException("ewm needs a DataFrame and an EwmSpec, got " + root + ", " + spec);
        }
        List<String> cols = columns != null ? List.copyOf(columns) : NumericColumns.reducible(root.schema(), null);
        for (String c : cols) {
            if (!root.schema().field(c).type().isReducible()) {
                throw new IllegalArgumentException("ewm of column '" + c + "': it is " + root.schema().field(c).type()
                        + ", not numeric or boolean");
            }
        }
        return new ExponentialMovingWindow(root, spec, cols);
    }

    public EwmSpec spec() {
        return spec;
    }

    /** pandas' {@code ewm(...).mean()}. */
    public DataFrame mean() {
        return rows("ewm mean", () -> new EwmMeanRecurrence(spec));
    }

    /** pandas' {@code ewm(...).var(bias=False)}. */
    public DataFrame var() {
        return var(false);
    }

    /** pandas' {@code ewm(...).var(bias=bias)}. */
    public DataFrame var(boolean bias) {
        return rows("ewm var", () -> new EwmVarRecurrence(spec, bias, false));
    }

    /** pandas' {@code ewm(...).std(bias=False)}. */
    public DataFrame std() {
        return std(false);
    }

    /** pandas' {@code ewm(...).std(bias=bias)}: the square root of the variance (0 where it is negative). */
    public DataFrame std(boolean bias) {
        return rows("ewm std", () -> new EwmVarRecurrence(spec, bias, true));
    }

    private DataFrame rows(String kind, Supplier<EwmRecurrence> recurrence) {
        List<Field> fields = new ArrayList<>(columns.size());
        for (String c : columns) {
            fields.add(Field.of(c, ColumnType.DOUBLE));
        }
        Schema result = Schema.of(fields, root.schema().index());
        return root.mapPartitions(new EwmRows(result, columns, recurrence, root.allocator()), result);
    }

    @Override
    public String toString() {
        return spec + " of " + columns;
    }
}
