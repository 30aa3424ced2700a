package io.streamz4j.checkpoint;

/**
 * A stateful node whose state can be stored with a checkpoint and put back after a restart, so a
 * restarted pipeline continues its running results instead of starting from zero. Accumulate has
 * {@link AccumulateSnapshot}; a node of one's own implements these two methods. A window needs
 * none: the elements it holds keep the checkpoint below them and are replayed into it after a
 * restart. But snapshots are taken only at a moment with nothing in flight, so a window that
 * never empties holds the checkpoint back (the source logs a warning when that happens).
 *
 * <p>Thread safety: both methods are called while no element is anywhere in the pipeline
 * ({@link #snapshot()} on the emitting thread once every journaled element has been fully
 * processed; {@link #restore} on the starting thread before replay), so they may read and write
 * the node's state without synchronisation.
 */
public interface Snapshottable {

    /** The node's state as bytes. */
    byte[] snapshot();

    /** Puts back a state that {@link #snapshot()} produced. */
    void restore(byte[] state);
}
