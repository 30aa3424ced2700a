package io.streamz4j.frame.groupby;

import io.streamz4j.Stream;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One pandas method applied to every updating grouped result ({@code nlargest}, {@code tail}, ...;
 * streamz's {@code map_partitions} over an updating frame), chainable further.
 *
 * <p>Thread safety: runs on the thread that emits into its upstream; holds nothing between calls.
 */
public final class GroupResultStep extends Stream<GroupResult> implements GroupResults {
    private final String kind;
    private final UnaryOperator<GroupResult> f;
    private final List<String> columns;

    GroupResultStep(Stream<GroupResult> upstream, String kind, UnaryOperator<GroupResult> f, List<String> columns) {
        super(null, upstream);
        this.kind = kind;
        this.f = f;
        this.columns = List.copyOf(columns);
    }

    @Override
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        if (!(x instanceof GroupResult result)) {
            throw new IllegalArgumentException(this + ": expected a GroupResult, got "
                    + (x == null ? "null" : x.getClass().getName()));
        }
        emitDownstream(f.apply(result), metadata);
    }

    @Override
    public Stream<GroupResult> results() {
        return this;
    }

    @Override
    public List<String> resultColumns() {
        return columns;
    }

    @Override
    protected String kind() {
        return kind;
    }
}
