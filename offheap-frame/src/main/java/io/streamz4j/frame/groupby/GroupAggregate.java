package io.streamz4j.frame.groupby;

import io.streamz4j.Stream;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.node.Aggregate;

import java.util.List;

/**
 * The node of a running groupby aggregation: an {@link Aggregate} (so it checkpoints and restores
 * as any other) whose updating results chain pandas' methods ({@link GroupResults}).
 *
 * <p>Thread safety: as {@link Aggregate}.
 */
public final class GroupAggregate extends Aggregate<GroupState, GroupResult> implements GroupResults {
    private final List<String> columns;

    public GroupAggregate(Stream<Frame> upstream, GroupReduction reduction, GroupState start) {
        super(upstream, reduction, start);
        this.columns = reduction.resultColumns();
    }

    @Override
    public Stream<GroupResult> results() {
        return this;
    }

    @Override
    public List<String> resultColumns() {
        return columns;
    }
}
