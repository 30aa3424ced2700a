/**
 * Public API behind {@code Stream.toDot()} and {@code Stream.visualize(path)}: DOT rendering of a
 * pipeline's graph and rendering through Graphviz's {@code dot} program.
 */
package io.streamz4j.graph;
