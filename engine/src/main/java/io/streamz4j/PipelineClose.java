package io.streamz4j;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@link Stream#close()}: ends a whole pipeline without losing what it accepted. The pipeline is
 * every node connected to the one closed, up or down. In order: its sources stop; then, in
 * pipeline order (a node after every node above it), each node drains (a buffer's or join's ring
 * delivers what it accepted) and flushes (a time-based node emits what it holds), so whatever one
 * node lets out reaches the nodes below before they flush in turn; finally every node is
 * destroyed, top first, which ends the pipeline's threads and releases what is left.
 *
 * <p>Thread safety: run on a thread that is not one of the pipeline's own (a loop or ring consumer
 * cannot wait for itself); one close at a time per pipeline.
 */
final class PipelineClose {
    private PipelineClose() {
    }

    static void close(Stream<?> any) {
        List<Stream<?>> order = pipelineOrder(any);
        for (Stream<?> node : order) {
            if (node instanceof Source<?> source && !node.isDestroyed()) {
                source.stop();
            }
        }
        for (Stream<?> node : order) {
            if (!node.isDestroyed()) {
                node.drainForClose();
            }
        }
        for (Stream<?> node : order) {
            node.destroy();
        }
    }

    /**
     * Every node connected to {@code any}, each after all its upstreams (nodes on a feedback loop,
     * which have no such order, after the rest, in the order they were reached).
     */
    private static List<Stream<?>> pipelineOrder(Stream<?> any) {
        List<Stream<?>> reached = any.connectedNodes();
        Map<Stream<?>, Integer> waitingFor = new IdentityHashMap<>();
        ArrayDeque<Stream<?>> ready = new ArrayDeque<>();
        for (Stream<?> node : reached) {
            Set<Stream<?>> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
            // distinct: a node fed twice by one stream (a.zip(a)) is that stream's downstream once
            distinct.addAll(node.upstreams());
            int above = distinct.size();
            waitingFor.put(node, above);
            if (above == 0) {
                ready.add(node);
            }
        }
        List<Stream<?>> order = new ArrayList<>(reached.size());
        Set<Stream<?>> placed = Collections.newSetFromMap(new IdentityHashMap<>());
        while (!ready.isEmpty()) {
            Stream<?> node = ready.removeFirst();
            order.add(node);
            placed.add(node);
            for (Stream<?> below : node.downstreams()) {
                if (waitingFor.merge(below, -1, Integer::sum) == 0) {
                    ready.add(below);
                }
            }
        }
        for (Stream<?> node : reached) {
            if (!placed.contains(node)) {
                order.add(node);
            }
        }
        return order;
    }
}
