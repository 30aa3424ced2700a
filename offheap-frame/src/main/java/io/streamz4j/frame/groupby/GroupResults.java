package io.streamz4j.frame.groupby;

import io.streamz4j.Stream;

import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A stream of updating grouped results (streamz's {@code Seriess}/{@code DataFrames}: each element
 * replaces the one before), on which pandas' methods chain as streamz applies them to every
 * update: {@code groupby("y").col("x").sum().nlargest(3)} emits the three largest groups after
 * each frame. Arguments are checked when the chain is built.
 *
 * <p>Thread safety: building is single-threaded; the nodes run on the thread that emits the results.
 */
public interface GroupResults {
    /** This stream of results. */
    Stream<GroupResult> results();

    /** The columns of every result (one for a grouped series). */
    List<String> resultColumns();

    /** {@code .nlargest(n)} of a grouped series ({@link GroupResult#nlargest(int)}). */
    default GroupResultStep nlargest(int n) {
        return step("nlargest", n, single("nlargest"), r -> r.nlargest(n));
    }

    /** {@code .nlargest(n, column)} of grouped columns. */
    default GroupResultStep nlargest(int n, String column) {
        return step("nlargest", n, column, r -> r.nlargest(n, column));
    }

    /** {@code .nsmallest(n)} of a grouped series. */
    default GroupResultStep nsmallest(int n) {
        return step("nsmallest", n, single("nsmallest"), r -> r.nsmallest(n));
    }

    /** {@code .nsmallest(n, column)}. */
    default GroupResultStep nsmallest(int n, String column) {
        return step("nsmallest", n, column, r -> r.nsmallest(n, column));
    }

    /** {@code .head(n)}: the first n groups of each result. */
    default GroupResultStep head(int n) {
        return step("head", n, null, r -> r.head(n));
    }

    /** {@code .tail(n)}: the last n groups of each result. */
    default GroupResultStep tail(int n) {
        return step("tail", n, null, r -> r.tail(n));
    }

    private String single(String operation) {
        List<String> columns = resultColumns();
        if (columns.size() != 1) {
            throw new IllegalArgumentException(operation + "(n): the results have columns " + columns
                    + "; name the one to order by");
        }
        return columns.get(0);
    }

    private GroupResultStep step(String operation, int n, String column, UnaryOperator<GroupResult> f) {
        if (n < 0) {
            throw new IllegalArgumentException(operation + "(n): n must be >= 0, got " + n);
        }
        if (column != null && !resultColumns().contains(column)) {
            throw new IllegalArgumentException(operation + "(n, column): no column '" + column + "' in the results "
                    + resultColumns());
        }
        Stream<GroupResult> upstream = results();
        List<String> columns = resultColumns();
        return Stream.build(() -> new GroupResultStep(upstream, operation, f, columns));
    }
}
