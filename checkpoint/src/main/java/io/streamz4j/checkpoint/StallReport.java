package io.streamz4j.checkpoint;

import io.streamz4j.RefCounter;
import io.streamz4j.Stream;
import io.streamz4j.core.HoldsElements;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Names what keeps a journaled source's snapshot cut from being taken: the nodes below it that
 * hold references to its elements in flight without a snapshot covering them. Each node that says
 * what it holds ({@link HoldsElements}) is asked how many of the live references it holds (on its
 * own thread when it runs on a loop); what nobody accounts for is held by nodes that do not say
 * (a buffer's or a join's ring, a {@code map_async}, a sink on a thread of its own).
 *
 * <p>Thread safety: stateless; called on the emitting thread between emits, when the nodes on that
 * thread cannot change. A node run by a ring's thread is read racily: a read that fails leaves its
 * references among those nobody accounts for, as this is a diagnosis, not the cut.
 */
final class StallReport {
    private static final Logger LOG = LoggerFactory.getLogger(JournaledSource.class);

    private StallReport() {
    }

    /**
     * The holders of {@code live} (this source's references in flight) below {@code source} that
     * none of {@code snapshots} covers, each with its count; empty when the snapshotted nodes hold
     * them all.
     */
    static List<String> holders(Stream<?> source, Collection<Snapshottable> snapshots, Set<RefCounter> live) {
        long total = 0;
        for (RefCounter ref : live) {
            total += Math.max(0, ref.count());
        }
        Set<Stream<?>> covered = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Snapshottable snapshot : snapshots) {
            if (snapshot.node() instanceof HoldsElements) {
                covered.add(snapshot.node());
            } else {
                // a node of the user's own says only through its snapshot; asking has no side effect
                // there (the loop nodes' snapshots, which capture state as they count, are all HoldsElements)
                total -= snapshot.heldReferences(live::contains);
            }
        }
        List<String> named = new ArrayList<>();
        for (Stream<?> node : StateCoverage.below(source)) {
            if (node instanceof HoldsElements holder) {
                int held = heldBy(holder, live);
                total -= held;
                if (held > 0 && !covered.contains(node)) {
                    named.add(node + " holds " + held + (held == 1 ? " reference" : " references")
                            + " and has no snapshot (" + StateCoverage.remedy(node) + ")");
                }
            }
        }
        if (total > 0) {
            named.add(total + (total == 1 ? " reference is" : " references are") + " held by nodes that do not say"
                    + " what they hold (a buffer's or a join's ring, a map_async, a sink on a thread of its own)");
        }
        return named;
    }

    /** Logs that the checkpoint has stayed {@code at} for {@code checkpoints} checkpoints, naming the {@code holders}. */
    static void warn(Stream<?> source, String at, int checkpoints, List<String> holders) {
        LOG.warn("{}: the checkpoint has stayed at {} for {} checkpoints although later elements are done:"
                + " snapshots are taken only at a moment when every element in flight is held by a snapshotted"
                + " node, and none came. Holding elements now: {}. Until one comes the journal is not trimmed and a"
                + " restart replays everything after the checkpoint", source, at, checkpoints,
                holders.isEmpty() ? "none at this moment" : String.join("; ", holders));
    }

    private static int heldBy(HoldsElements node, Set<RefCounter> live) {
        try {
            return NodeThread.call(node, "checkpoint", () -> HeldReferences.count(node.heldMetadata(), live::contains));
        } catch (RuntimeException e) {
            return 0; // read while its ring's thread changed it: left among the unaccounted
        }
    }
}
