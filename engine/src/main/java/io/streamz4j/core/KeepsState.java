package io.streamz4j.core;

/**
 * Marks a node whose output depends on what it saw before (a running result, the keys seen, the
 * elements waiting for a partner, a window, a timer's queue): a pipeline restarted without that
 * state behaves differently from one that never stopped. A journaled source names every such node
 * below it that no snapshot covers when it starts, since replay alone does not rebuild the state.
 *
 * <p>Thread safety: a marker; it adds nothing to call.
 */
public interface KeepsState {
}
