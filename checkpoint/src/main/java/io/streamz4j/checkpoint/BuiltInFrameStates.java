package io.streamz4j.checkpoint;

import io.streamz4j.Stream;
import io.streamz4j.frame.agg.StateBytes;

/**
 * The check both frame snapshots make when built: the node's state must be one {@link StateBytes}
 * writes (a built-in reduction's or groupby's), since a user aggregation's state has no byte form.
 *
 * <p>Thread safety: stateless.
 */
final class BuiltInFrameStates {
    private BuiltInFrameStates() {
    }

    /** Throws, naming {@code adapter} and {@code node}, unless {@code state} is a built-in one. */
    static void require(String adapter, Stream<?> node, Object state) {
        if (!StateBytes.supports(state)) {
            throw new IllegalArgumentException(adapter + ": parameter 'node' " + node + " keeps a "
                    + (state == null ? "null state" : state.getClass().getName()) + "; only the built-in reductions'"
                    + " and groupbys' states can be snapshotted");
        }
    }
}
