package io.streamz4j.runtime.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The wiring of a pipeline's nodes: linking and unlinking downstreams, the walks over the graph
 * (every node connected, the nearest upstream with a loop, the source at the top), and telling
 * started sources about a node connected below them. {@code Stream} keeps its API and its emit
 * path; it gives this class typed access to what wiring needs of a node through the accessors
 * below, implemented once, privately, by the engine's node class, so none of them is API.
 *
 * <p>The downstream array is copy-on-write: an emission walks the downstreams it started with, as
 * streamz does, and a new array is published by {@link #publishDownstreams}, which the node class
 * implements with a release fence so a node built on one thread is whole when another emits into
 * it.
 *
 * <p>Thread safety: stateless; its methods run on the thread that builds or rewires the pipeline
 * (one at a time, the emitting thread or while nothing emits), never on the path of an element.
 *
 * @param <N> the node type
 */
public abstract class NodeGraph<N> {

    /** The nodes feeding {@code node}, in connection order: the node's own list, which wiring edits. */
    protected abstract List<N> upstreamsOf(N node);

    /** The nodes {@code node} feeds, in the order they receive elements: the node's current array. */
    protected abstract N[] downstreamsOf(N node);

    /** Publishes {@code next} as {@code node}'s downstreams, after the stores that built them. */
    protected abstract void publishDownstreams(N node, N[] next);

    /** Which threads run {@code node}. */
    protected abstract Placement<N> placementOf(N node);

    /** What runs the nodes below {@code node}: null for the thread that emits into it, else a loop or ring. */
    protected abstract Object downstreamDomainOf(N node);

    /** The name {@code node} was given, or null. */
    protected abstract String nameOf(N node);

    /** streamz's name for {@code node}'s kind. */
    protected abstract String kindOf(N node);

    /**
     * Tells {@code node}, if it is a started source, that {@code below} is about to be connected
     * under it, so a source that replays when it starts may warn about or refuse it.
     */
    protected abstract void announceBelow(N node, N below);

    // ------------------------------------------------------------------ links

    /** True if {@code downstream} is already one of {@code node}'s downstreams. */
    public final boolean hasDownstream(N node, N downstream) {
        for (N existing : downstreamsOf(node)) {
            if (existing == downstream) {
                return true;
            }
        }
        return false;
    }

    /** Makes {@code downstream} the last downstream of {@code node}, unless it is one already. */
    public final void addDownstream(N node, N downstream) {
        if (hasDownstream(node, downstream)) {
            return;
        }
        announceConnection(node, downstream);
        link(node, downstream);
    }

    /** Takes {@code downstream} out of {@code node}'s downstreams; false if it was not one. */
    public final boolean removeDownstream(N node, N downstream) {
        N[] current = downstreamsOf(node);
        for (int i = 0; i < current.length; i++) {
            if (current[i] == downstream) {
                N[] shrunk = Arrays.copyOf(current, current.length - 1);
                System.arraycopy(current, i + 1, shrunk, i, shrunk.length - i);
                publishDownstreams(node, shrunk);
                return true;
            }
        }
        return false;
    }

    /**
     * Connects {@code node} to the upstreams its constructor recorded (those already connected
     * stay as they are). Every source above is asked before any link is made, so one that refuses
     * leaves nothing connected.
     */
    public final void connectUpstreams(N node) {
        List<N> upstreams = upstreamsOf(node);
        for (N upstream : upstreams) {
            if (!hasDownstream(upstream, node)) {
                announceConnection(upstream, node);
            }
        }
        for (N upstream : upstreams) {
            if (!hasDownstream(upstream, node)) {
                link(upstream, node);
            }
        }
    }

    /** Appends {@code downstream}, known not to be one yet. */
    private void link(N node, N downstream) {
        N[] current = downstreamsOf(node);
        N[] grown = Arrays.copyOf(current, current.length + 1);
        grown[current.length] = downstream;
        publishDownstreams(node, grown);
    }

    /**
     * Tells every started source above {@code node} (it included) that {@code downstream} is about
     * to be connected below it. Walks the nodes above on every connection: wiring, never the path
     * of an element.
     */
    private void announceConnection(N node, N downstream) {
        Set<N> seen = identitySet();
        ArrayDeque<N> toVisit = new ArrayDeque<>();
        toVisit.add(node);
        while (!toVisit.isEmpty()) {
            N above = toVisit.removeFirst();
            if (seen.add(above)) {
                announceBelow(above, downstream);
                toVisit.addAll(upstreamsOf(above));
            }
        }
    }

    // ------------------------------------------------------------------ walks

    /** Every node connected to {@code node}, up or down, it first, in breadth-first order. */
    public final List<N> connectedNodes(N node) {
        Set<N> seen = identitySet();
        ArrayDeque<N> toVisit = new ArrayDeque<>();
        List<N> reached = new ArrayList<>();
        toVisit.add(node);
        while (!toVisit.isEmpty()) {
            N next = toVisit.removeFirst();
            if (seen.add(next)) {
                reached.add(next);
                toVisit.addAll(upstreamsOf(next));
                toVisit.addAll(Arrays.asList(downstreamsOf(next)));
            }
        }
        return reached;
    }

    /**
     * The first non-null {@code property} of the nodes above {@code node} (not it), nearest first
     * in breadth-first order, or null.
     */
    final <V> V nearestAbove(N node, Function<Placement<N>, V> property) {
        Set<N> seen = identitySet();
        ArrayDeque<N> toVisit = new ArrayDeque<>(upstreamsOf(node));
        while (!toVisit.isEmpty()) {
            N above = toVisit.removeFirst();
            V value = property.apply(placementOf(above));
            if (value != null) {
                return value;
            }
            if (seen.add(above)) {
                toVisit.addAll(upstreamsOf(above));
            }
        }
        return null;
    }

    /**
     * The name threads started for {@code node} carry: the name of the source at the top of its
     * first-upstream chain, else that source's kind.
     */
    public final String pipelineName(N node) {
        N root = node;
        Set<N> seen = identitySet();
        while (!upstreamsOf(root).isEmpty() && seen.add(root)) {
            root = upstreamsOf(root).get(0);
        }
        String name = nameOf(root);
        return name != null ? name : kindOf(root);
    }

    private static <N> Set<N> identitySet() {
        return Collections.newSetFromMap(new IdentityHashMap<>());
    }
}
