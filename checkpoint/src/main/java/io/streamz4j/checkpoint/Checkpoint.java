package io.streamz4j.checkpoint;

import java.util.Map;

/**
 * A stored checkpoint: every journal entry through {@code completedThrough} has been fully
 * processed (-1: none has), and {@code snapshots} holds the state of each snapshotted node, by
 * name, as it was when exactly those entries had passed it.
 */
public record Checkpoint(long completedThrough, Map<String, byte[]> snapshots) {
    /** Nothing processed yet: a journal replays from its first entry. */
    public static final Checkpoint NONE = new Checkpoint(-1, Map.of());

    public Checkpoint {
        snapshots = Map.copyOf(snapshots);
    }
}
