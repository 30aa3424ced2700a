package io.streamz4j.checkpoint;

import io.streamz4j.RefCounter;
import io.streamz4j.Stream;

import java.util.function.Predicate;

/**
 * A stateful node whose state can be stored with a checkpoint and put back after a restart, so a
 * restarted pipeline continues its running results instead of starting from zero. Accumulate has
 * {@link AccumulateSnapshot}, sliding and timed windows and partitions {@link WindowSnapshot}, every
 * other node that exposes what it holds ({@code unique}, {@code latest}, the joins...)
 * {@link NodeSnapshot}; a node of one's own implements {@link #snapshot()} and {@link #restore},
 * and, if it keeps elements after they pass, {@link #heldReferences}.
 *
 * <p>Snapshots form a consistent cut: the source takes them between two emits, at a moment when
 * every reference to an element in flight is held by a snapshotted node. The snapshot then holds
 * those elements themselves (a window's values), so everything journaled so far is either done or
 * inside a snapshot, and the checkpoint is the newest journaled element. A window that never
 * empties therefore does not hold the checkpoint back, as long as it is snapshotted. An element
 * held anywhere else (a buffer, a window without a snapshot, a node on another thread) keeps the
 * cut from being taken until it is let go, and the source warns when that lasts, naming the nodes
 * that hold it ({@link JournaledSource#checkpointHeldBy()}).
 *
 * <p>Thread safety: every method is called while the snapshotted nodes are between elements
 * ({@link #snapshot()} and {@link #heldReferences} on the emitting thread between two emits;
 * {@link #restore} on the starting thread before replay), so a node running on the emitting thread
 * may read and write its state without synchronisation. A node on an event loop's thread (a timed
 * window) does its reading and writing in a task on that loop, waited for by the calling thread
 * (see {@link WindowSnapshot}). At every attempt at a cut the source calls {@link #heldReferences}
 * on every node, then, if the cut holds, {@link #snapshot()} on every node with no emit between,
 * so a node may capture its state together with its count and return that capture.
 */
public interface Snapshottable {

    /** The node's state as bytes, including the values of the elements it holds. */
    byte[] snapshot();

    /**
     * Puts back a state that {@link #snapshot()} produced. Elements it holds again hold no
     * references: the checkpoint already covers them, so letting them go must release nothing.
     */
    void restore(byte[] state);

    /**
     * How many references the node holds now to elements whose counter {@code ofThisSource}
     * accepts (each retain not yet released counts once). Zero, the default, for a node that keeps
     * no element after it passes.
     */
    default int heldReferences(Predicate<RefCounter> ofThisSource) {
        return 0;
    }

    /**
     * The node whose state this stores, so the source counts it as snapshotted when it names the
     * stateful nodes that are not; by default this object itself when it is a node, else null.
     */
    default Stream<?> node() {
        return this instanceof Stream<?> self ? self : null;
    }
}
