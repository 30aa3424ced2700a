package io.streamz4j.core;

import java.util.List;

/**
 * What a stateful node holds, read and put back by a checkpoint snapshot so that a restarted
 * pipeline's node carries on where it was instead of starting empty: a window's elements, the keys
 * {@code unique} has seen, the latest element of each stream a {@code combine_latest} joins.
 * Restored values hold no references (they were fully accounted for when the snapshot was taken),
 * so they later leave the node releasing nothing.
 *
 * <p>Thread safety: as {@link HoldsElements}: only on the node's thread, between elements.
 */
public interface NodeContents extends KeepsState, HoldsElements {

    /**
     * The held values in groups, each oldest first, as the node defines them (one group for an
     * unkeyed window, one per key for a keyed partition, one per upstream for a join). New lists.
     */
    List<List<Object>> heldValues();

    /**
     * Replaces the contents with {@code groups} (as {@link #heldValues()} returned them), holding
     * no references; throws IllegalArgumentException naming the node if they cannot be its state.
     */
    void restoreHeld(List<List<Object>> groups);
}
