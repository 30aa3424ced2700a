package io.streamz4j.graph;

import io.streamz4j.Arguments;
import io.streamz4j.Stream;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the graph of every node connected to a stream, upstream and downstream, in Graphviz
 * DOT, as streamz's {@code create_graph} and {@code to_graphviz} draw it: each node labelled with
 * its {@code str} passed through streamz's {@code _clean_text}, with the node type's shape, style
 * {@code rounded,filled} and fill colour white; an edge for every upstream and downstream link.
 * Edges leave a node in the order its downstreams receive elements, labelled {@code 0, 1, ...}
 * when there are several, as streamz labels them. Cycles (feedback through {@code connect}) are
 * drawn once: every node is visited once.
 *
 * <p>Thread safety: reads the graph's wiring; call it on the thread that builds the pipeline.
 */
public final class Dot {
    /** streamz's {@code _graphviz_orientation} of its triangles (zip, combine_latest): rotated 270 degrees. */
    private static final String TRIANGLE_ORIENTATION = "270";

    private Dot() {
    }

    /** The graph connected to {@code start}, in DOT. */
    public static String render(Stream<?> start) {
        return render(start, Map.of());
    }

    /**
     * The graph connected to {@code start}, in DOT, with graph attributes such as
     * {@code rankdir=LR} (streamz: {@code visualize(rankdir='LR')}).
     */
    public static String render(Stream<?> start, Map<String, String> graphAttributes) {
        Arguments.requireNonNull(start, "toDot", "start");
        Arguments.requireNonNull(graphAttributes, "toDot", "graphAttributes");
        Map<Stream<?>, String> ids = collect(start);
        StringBuilder dot = new StringBuilder("digraph streamz {\n");
        for (Map.Entry<String, String> attribute : graphAttributes.entrySet()) {
            dot.append("  ").append(quote(attribute.getKey())).append('=')
                    .append(quote(attribute.getValue())).append(";\n");
        }
        dot.append("  node [style=\"rounded,filled\", fillcolor=white];\n");
        for (Map.Entry<Stream<?>, String> node : ids.entrySet()) {
            String shape = node.getKey().graphShape();
            dot.append("  ").append(node.getValue())
                    .append(" [label=").append(quote(clean(node.getKey().toString())))
                    .append(", shape=").append(shape);
            if ("triangle".equals(shape)) {
                dot.append(", orientation=").append(TRIANGLE_ORIENTATION);
            }
            dot.append("];\n");
        }
        // One entry per (from, to) pair: streamz's networkx DiGraph holds each edge once, whether it
        // was found from the upstream's side or the downstream's, with the label set where numbered.
        Map<String, String> edges = new LinkedHashMap<>();
        for (Map.Entry<Stream<?>, String> node : ids.entrySet()) {
            List<Stream<?>> downstreams = node.getKey().downstreams();
            for (int i = 0; i < downstreams.size(); i++) {
                String edge = node.getValue() + " -> " + ids.get(downstreams.get(i));
                edges.put(edge, downstreams.size() > 1 ? " [label=\"" + i + "\"]" : "");
            }
        }
        for (Map.Entry<Stream<?>, String> node : ids.entrySet()) {
            for (Stream<?> upstream : node.getKey().upstreams()) {
                edges.putIfAbsent(ids.get(upstream) + " -> " + node.getValue(), "");
            }
        }
        for (Map.Entry<String, String> edge : edges.entrySet()) {
            dot.append("  ").append(edge.getKey()).append(edge.getValue()).append(";\n");
        }
        return dot.append("}\n").toString();
    }

    /** Every node reachable through upstream and downstream links, in breadth-first order. */
    private static Map<Stream<?>, String> collect(Stream<?> start) {
        Map<Stream<?>, String> ids = new IdentityHashMap<>();
        Map<Stream<?>, String> ordered = new LinkedHashMap<>();
        Deque<Stream<?>> pending = new ArrayDeque<>();
        pending.add(start);
        while (!pending.isEmpty()) {
            Stream<?> node = pending.poll();
            if (ids.containsKey(node)) {
                continue;
            }
            String id = "n" + ids.size();
            ids.put(node, id);
            ordered.put(node, id);
            pending.addAll(node.upstreams());
            pending.addAll(node.downstreams());
        }
        return ordered;
    }

    /**
     * streamz's {@code _clean_text}: every run of characters other than ASCII letters, digits,
     * {@code _} and {@code :} becomes one space, then each {@code :} becomes {@code ;}. Nothing is
     * trimmed: {@code "<partition: 3>"} becomes {@code " partition; 3 "}, as in streamz.
     */
    static String clean(String label) {
        return label.replaceAll("[^a-zA-Z0-9_:]+", " ").replace(':', ';');
    }

    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
