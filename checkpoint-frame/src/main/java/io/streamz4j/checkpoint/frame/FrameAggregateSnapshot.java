package io.streamz4j.checkpoint.frame;

import io.streamz4j.Arguments;
import io.streamz4j.Stream;
import io.streamz4j.checkpoint.Codec;
import io.streamz4j.checkpoint.Snapshottable;
import io.streamz4j.frame.node.Aggregate;

/**
 * Snapshots a running aggregation over frames: what {@code df.sum()}, {@code df.x.mean()},
 * {@code df.groupby("name").x.sum()} and the other built-in reductions and groupbys return (an
 * {@link Aggregate} node). Its state, the per-column moments or the per-group moments, is written
 * in {@link io.streamz4j.frame.agg.StateBytes}' versioned format; group keys that are strings are
 * written as strings, so a restarted process whose dictionary numbers them differently gets the
 * same groups back. The
 * node keeps no frame after it passes, so it holds no element's reference at a cut. A user-defined
 * aggregation ({@code df.aggregate(myAggregation)}) is snapshotted with a {@link Codec} for its
 * state ({@link #of(Stream, Codec)}).
 *
 * <p>A stored state of another shape (other columns, key or statistic), version, or cut short is
 * refused at restore with an {@link IllegalArgumentException} naming the node.
 *
 * <p>Thread safety: see {@link Snapshottable}.
 */
public final class FrameAggregateSnapshot implements Snapshottable {
    private final Aggregate<Object, ?> node;
    private final FrameStateForm form;

    private FrameAggregateSnapshot(Aggregate<Object, ?> node, FrameStateForm form) {
        this.node = node;
        this.form = form;
    }

    /** Snapshots {@code node}, a built-in running reduction or groupby of a DataFrame or Series. */
    public static FrameAggregateSnapshot of(Stream<?> node) {
        Aggregate<Object, ?> aggregate = aggregate(node);
        return new FrameAggregateSnapshot(aggregate, FrameStateForm.builtIn("FrameAggregateSnapshot", node,
                aggregate.state()));
    }

    /**
     * Snapshots {@code node}, a running aggregation over frames of any kind, built-in or
     * user-defined, its state of type {@code S} written with {@code stateCodec}.
     */
    public static <S> FrameAggregateSnapshot of(Stream<?> node, Codec<S> stateCodec) {
        Arguments.requireNonNull(stateCodec, "FrameAggregateSnapshot", "stateCodec");
        return new FrameAggregateSnapshot(aggregate(node), FrameStateForm.of(stateCodec));
    }

    @SuppressWarnings("unchecked")
    private static Aggregate<Object, ?> aggregate(Stream<?> node) {
        Arguments.requireNonNull(node, "FrameAggregateSnapshot", "node");
        if (!(node instanceof Aggregate<?, ?> aggregate)) {
            throw new IllegalArgumentException("FrameAggregateSnapshot: parameter 'node' must be a running"
                    + " aggregation over frames (df.sum(), df.groupby(k).x.mean(), df.aggregate(...)), got " + node);
        }
        return (Aggregate<Object, ?>) aggregate;
    }

    @Override
    public Stream<?> node() {
        return node;
    }

    @Override
    public byte[] snapshot() {
        return form.write(node.state());
    }

    @Override
    public void restore(byte[] state) {
        Object restored;
        try {
            restored = form.read(node.state(), state);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("FrameAggregateSnapshot: the stored state of " + node
                    + " cannot be restored: " + e.getMessage(), e);
        }
        node.restoreState(restored);
    }
}
