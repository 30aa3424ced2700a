package io.streamz4j.frame.window;

import io.streamz4j.Stream;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.agg.Aggregation;
import io.streamz4j.frame.groupby.GroupResult;
import io.streamz4j.frame.groupby.GroupResults;
import io.streamz4j.frame.groupby.GroupState;
import io.streamz4j.frame.window.FrameWindow;
import io.streamz4j.frame.window.WindowAggregate;

import java.util.List;

/**
 * The node of a windowed groupby aggregation: a {@link WindowAggregate} (so it snapshots and
 * restores as any other) whose updating results chain pandas' methods ({@link GroupResults}), as
 * streamz's windowed groupby gives an updating series. A window built {@code withState()} emits
 * pairs, which do not chain: asking is an IllegalArgumentException.
 *
 * <p>Thread safety: as {@link WindowAggregate}.
 */
public final class WindowGroupAggregate extends WindowAggregate<GroupState, GroupResult> implements GroupResults {
    private final boolean withState;
    private final List<String> columns;

    WindowGroupAggregate(Stream<Frame> upstream, Aggregation<GroupState, GroupResult> aggregation, FrameWindow window,
            GroupState start, List<Frame> startFrames, boolean withState, String description, List<String> columns) {
        super(upstream, aggregation, window, start, startFrames, withState, description);
        this.withState = withState;
        this.columns = List.copyOf(columns);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Stream<GroupResult> results() {
        if (withState) {
            throw new IllegalArgumentException(this + " emits (state, result) pairs (withState()), which do not chain;"
                    + " chain on a window without state");
        }
        // without state every element is a GroupResult
        return (Stream<GroupResult>) (Stream<?>) this;
    }

    @Override
    public List<String> resultColumns() {
        return columns;
    }
}
