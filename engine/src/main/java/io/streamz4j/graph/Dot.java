package io.streamz4j.graph;

import io.streamz4j.Stream;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders the graph of every node connected to a stream, upstream and downstream, in Graphviz
 * DOT, with streamz's labels and shapes. Edges leave a node in the order its downstreams receive
 * elements, numbered when there are several, as streamz's pictures number them.
 *
 * <p>Thread safety: reads the graph's wiring; call it on the thread that builds the pipeline.
 */
public final class Dot {
    private Dot() {
    }

    public static String render(Stream<?> start) {
        Map<Stream<?>, String> ids = collect(start);
        StringBuilder dot = new StringBuilder("digraph streamz {\n");
        dot.append("  node [style=\"rounded,filled\", fillcolor=white];\n");
        for (Map.Entry<Stream<?>, String> node : ids.entrySet()) {
            dot.append("  ").append(node.getValue())
                    .append(" [label=").append(quote(clean(node.getKey().toString())))
                    .append(", shape=").append(node.getKey().graphShape()).append("];\n");
        }
        Set<String> edges = new LinkedHashSet<>();
        for (Map.Entry<Stream<?>, String> node : ids.entrySet()) {
            List<Stream<?>> downstreams = node.getKey().downstreams();
            for (int i = 0; i < downstreams.size(); i++) {
                String edge = node.getValue() + " -> " + ids.get(downstreams.get(i));
                edges.add(downstreams.size() > 1 ? edge + " [label=\"" + i + "\"]" : edge);
            }
        }
        for (Map.Entry<Stream<?>, String> node : ids.entrySet()) {
            for (Stream<?> upstream : node.getKey().upstreams()) {
                String edge = ids.get(upstream) + " -> " + node.getValue();
                if (edges.stream().noneMatch(e -> e.equals(edge) || e.startsWith(edge + " ["))) {
                    edges.add(edge);
                }
            }
        }
        for (String edge : edges) {
            dot.append("  ").append(edge).append(";\n");
        }
        return dot.append("}\n").toString();
    }

    /** Every node reachable through upstream and downstream links, in breadth-first order. */
    private static Map<Stream<?>, String> collect(Stream<?> start) {
        Map<Stream<?>, String> ids = new IdentityHashMap<>();
        Map<Stream<?>, String> ordered = new java.util.LinkedHashMap<>();
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

    /** streamz's _clean_text: anything but letters, digits, '_' and ':' becomes a space; ':' becomes ';'. */
    static String clean(String label) {
        return label.replaceAll("[^a-zA-Z0-9_:;]+", " ").replace(':', ';').trim();
    }

    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
