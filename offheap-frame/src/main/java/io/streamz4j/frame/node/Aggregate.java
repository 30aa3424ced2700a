package io.streamz4j.frame.node;

import io.streamz4j.Stream;
import io.streamz4j.core.KeepsState;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.agg.Aggregation;
import io.streamz4j.frame.groupby.GroupAggregate;

import java.util.List;
import java.util.Map;

/**
 * The node of every running aggregation over frames (streamz's {@code accumulate_partitions} with
 * an aggregation): folds each frame into the state with {@code onNew} and emits the result. The
 * frame is only read during {@code update}; nothing retains it. {@link GroupAggregate} is the
 * groupby's, whose results chain further.
 *
 * <p>Thread safety: runs on the thread that emits into its upstream; the state is confined to it.
 * The state is what a checkpoint snapshots ({@link KeepsState}).
 *
 * @param <S> the aggregation's state
 * @param <R> what is emitted
 */
public class Aggregate<S, R> extends Stream<R> implements KeepsState {
    private final Aggregation<S, R> aggregation;
    private S state;

    public Aggregate(Stream<Frame> upstream, Aggregation<S, R> aggregation, S start) {
        super(null, upstream);
        this.aggregation = aggregation;
        this.state = start;
    }

    @Override
    public final void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        if (!(x instanceof Frame frame)) {
            throw new IllegalArgumentException(this + ": expected a Frame, got "
                    + (x == null ? "null" : x.getClass().getName()));
        }
        state = aggregation.onNew(state, frame);
        emitDownstream(aggregation.result(state), metadata);
    }

    /** The current state (for checkpointing or to start another aggregation from). */
    public final S state() {
        return state;
    }

    /**
     * Replaces the state with {@code restored} (a checkpoint's, before any frame arrives); the
     * node works on it from now on. Call it on the thread that runs the node.
     */
    public final void restoreState(S restored) {
        if (restored == null) {
            throw new IllegalArgumentException(this + ": the restored state is null");
        }
        state = restored;
    }

    @Override
    protected String kind() {
        return "aggregate";
    }
}
