package io.streamz4j.frame.window;

import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Field;
import io.streamz4j.frame.Schema;

import java.time.Duration;

/**
 * Which rows a window holds: the last {@code n} rows ({@code window(n)}), the rows whose index lies
 * within a span of the latest index ({@code window("2h")}, streamz's {@code diff_loc}), or every
 * row so far ({@code expanding()}).
 *
 * <p>Thread safety: immutable.
 */
public final class WindowSpec {
    private final long rows;
    private final long spanNanos;

    private WindowSpec(long rows, long spanNanos) {
        this.rows = rows;
        this.spanNanos = spanNanos;
    }

    /** The last {@code n} rows. */
    public static WindowSpec rows(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("window(n): n must be >= 1, got " + n);
        }
        return new WindowSpec(n, -1);
    }

    /** The rows within {@code span} of the latest index value. */
    public static WindowSpec span(Duration span) {
        return new WindowSpec(-1, Durations.positive(span, span).toNanos());
    }

    /** All rows so far. */
    public static WindowSpec all() {
        return new WindowSpec(-1, -1);
    }

    public boolean byRows() {
        return rows > 0;
    }

    public boolean bySpan() {
        return spanNanos > 0;
    }

    public long rows() {
        return rows;
    }

    public long spanNanos() {
        return spanNanos;
    }

    /** Checks that frames of {@code schema} can be windowed so: a span needs an integral or timestamp index. */
    void check(Schema schema) {
        if (!bySpan()) {
            return;
        }
        Field index = schema.index();
        if (index == null || !(index.type() == ColumnType.TIMESTAMP || index.type().isIntegral())) {
            throw new IllegalArgumentException("window over a span of " + Duration.ofNanos(spanNanos)
                    + " needs a monotonic TIMESTAMP (or integral nanosecond) index, the frames have "
                    + (index == null ? "the range index" : "index " + index));
        }
    }

    @Override
    public String toString() {
        return byRows() ? "n=" + rows : bySpan() ? "value=" + Duration.ofNanos(spanNanos) : "expanding";
    }
}
