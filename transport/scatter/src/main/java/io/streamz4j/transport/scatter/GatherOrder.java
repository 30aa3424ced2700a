package io.streamz4j.transport.scatter;

/**
 * The order in which {@code gather} emits results: the order their elements were scattered in
 * (the default, what a local run of the same pipeline gives), or the order the workers finished
 * them in (lower latency for a slow element's successors, when the pipeline does not care).
 *
 * <p>Thread safety: an enum, immutable.
 */
public enum GatherOrder {
    /** Results leave in the order their elements entered scatter; a slow one holds back later ones. */
    SCATTER_ORDER,
    /** Results leave as soon as they arrive. */
    COMPLETION_ORDER
}
