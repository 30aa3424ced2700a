package io.streamz4j.checkpoint;

import io.streamz4j.Stream;
import io.streamz4j.core.Accumulate;
import io.streamz4j.core.KeepsState;
import io.streamz4j.core.NodeContents;
import io.streamz4j.core.WindowContents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * Which state below a journaled source will not survive a restart: the {@link KeepsState} nodes
 * that no registered snapshot covers, found when the source starts, and nodes connected below it
 * after it started, which missed the replay. Replay rebuilds what a stateless pipeline shows, but
 * a stateful node restarted empty shows something else (a {@code unique} passes keys again, a
 * {@code combine_latest} waits for every stream again), so the source warns or refuses, as its
 * {@link UnsnapshottedState} says.
 *
 * <p>Thread safety: stateless; walks the pipeline's wiring on the thread starting the source or
 * connecting a node, as wiring is done before elements flow or on the thread that wires.
 */
final class StateCoverage {
    private static final Logger LOG = LoggerFactory.getLogger(JournaledSource.class);

    private StateCoverage() {
    }

    /**
     * The stateful nodes below {@code source} that none of {@code snapshots} covers, each named
     * with what to register for it.
     */
    static List<String> unsnapshotted(Stream<?> source, Collection<Snapshottable> snapshots) {
        Set<Stream<?>> covered = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Snapshottable snapshot : snapshots) {
            if (snapshot.node() != null) {
                covered.add(snapshot.node());
            }
        }
        List<String> named = new ArrayList<>();
        for (Stream<?> node : below(source)) {
            if (node instanceof KeepsState && !covered.contains(node)) {
                named.add(node + " (" + remedy(node) + ")");
            }
        }
        return named;
    }

    /** At start: warns about, or refuses, the stateful nodes no snapshot covers. */
    static void checkAtStart(Stream<?> source, Collection<Snapshottable> snapshots, UnsnapshottedState policy) {
        List<String> named = unsnapshotted(source, snapshots);
        if (named.isEmpty()) {
            return;
        }
        String message = source + ": these nodes keep state that no registered snapshot stores, so after a"
                + " restart they start from their initial state while the replay goes on from the checkpoint: "
                + String.join(", ", named);
        if (policy == UnsnapshottedState.REFUSE) {
            throw new IllegalStateException(message + "; register their snapshots with snapshot(name, ...) before"
                    + " start(), or build the source with unsnapshottedState(WARN) to accept the loss");
        }
        LOG.warn("{}", message);
    }

    /** After start: warns about, or refuses, {@code node} connected below the source. */
    static void connectedAfterStart(Stream<?> source, Stream<?> node, UnsnapshottedState policy) {
        String message = source + ": " + label(node) + " is being connected below it after start(), so it missed the"
                + " replay of the journal that start() delivered; wire every node before start()";
        if (policy == UnsnapshottedState.REFUSE) {
            throw new IllegalStateException(message + " (refused: the source was built with"
                    + " unsnapshottedState(REFUSE))");
        }
        LOG.warn("{}", message);
    }

    /**
     * The node's label; its class's name while its constructor still runs (a node built with a
     * plain {@code new} is connected from its base constructor, before its own fields are set).
     */
    private static String label(Stream<?> node) {
        try {
            return node.toString();
        } catch (RuntimeException e) {
            return node.getClass().getSimpleName();
        }
    }

    /** What to register for {@code node}, or that nothing can be. */
    static String remedy(Stream<?> node) {
        if (node instanceof Accumulate<?>) {
            return "register AccumulateSnapshot.of(node, codec)";
        }
        if (node instanceof WindowContents) {
            return "register WindowSnapshot.of(node, codec)";
        }
        if (node instanceof NodeContents) {
            return "register NodeSnapshot.of(node, codec)";
        }
        // the frame nodes live in an artifact this one does not see; their snapshots do too
        if (node.getClass().getPackageName().startsWith("io.streamz4j.frame")) {
            return "register its snapshot from streamz4j-checkpoint-frame: FrameAggregateSnapshot,"
                    + " FrameWindowSnapshot or RollingSnapshot";
        }
        return "no snapshot stores its state: it restarts from its initial state";
    }

    /** Every node {@code source} feeds, directly or further down, each once, nearest first. */
    static List<Stream<?>> below(Stream<?> source) {
        Set<Stream<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Stream<?>> toVisit = new ArrayDeque<>(source.downstreams());
        List<Stream<?>> reached = new ArrayList<>();
        while (!toVisit.isEmpty()) {
            Stream<?> node = toVisit.removeFirst();
            if (seen.add(node)) {
                reached.add(node);
                toVisit.addAll(node.downstreams());
            }
        }
        return reached;
    }
}
