package io.streamz4j.checkpoint;

import io.streamz4j.Metadata;
import io.streamz4j.RefCounter;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Counts the references a node holds, given the metadata of the elements it holds: what
 * {@link Snapshottable#heldReferences} answers for a window. Public for the snapshots of nodes
 * that live in other artifacts (the frame windows') and of a user's own nodes.
 *
 * <p>Thread safety: stateless; the caller reads the metadata on the node's thread.
 */
public final class HeldReferences {
    private HeldReferences() {
    }

    /** How many entries of {@code held} carry a counter {@code ofThisSource} accepts. */
    public static int count(List<Map<String, Object>> held, Predicate<RefCounter> ofThisSource) {
        int count = 0;
        for (Map<String, Object> entry : held) {
            if (entry != null && entry.get(Metadata.REF) instanceof RefCounter ref && ofThisSource.test(ref)) {
                count++;
            }
        }
        return count;
    }
}
