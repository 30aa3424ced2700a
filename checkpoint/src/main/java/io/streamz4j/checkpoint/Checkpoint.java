package io.streamz4j.checkpoint;

import java.util.Map;

/**
 * A stored checkpoint: every journal entry through {@code completedThrough} has been fully
 * processed (-1: none has), {@code position} holds the codec bytes of the newest element journaled
 * at or below that index (null: unknown, as in a checkpoint of format version 1 or before any
 * element), and {@code snapshots} holds the state of each snapshotted node, by name, as it was when
 * exactly those entries had passed it.
 *
 * <p>The position is the producer's: a restart decodes it for {@code lastJournaled()} when the
 * journal's own copy is damaged or lost, and compares it with an intact copy to find a journal that
 * is not the one the checkpoint was taken from. Thread safety: immutable (the arrays are never
 * written after construction).
 */
public record Checkpoint(long completedThrough, byte[] position, Map<String, byte[]> snapshots) {
    /** Nothing processed yet: a journal replays from its first entry. */
    public static final Checkpoint NONE = new Checkpoint(-1, null, Map.of());

    public Checkpoint {
        snapshots = Map.copyOf(snapshots);
    }

    /** A checkpoint whose position is not known yet (the thread that stores it adds it). */
    public Checkpoint(long completedThrough, Map<String, byte[]> snapshots) {
        this(completedThrough, null, snapshots);
    }

    /** This checkpoint with {@code newPosition} as the producer's position. */
    Checkpoint withPosition(byte[] newPosition) {
        return new Checkpoint(completedThrough, newPosition, snapshots);
    }
}
