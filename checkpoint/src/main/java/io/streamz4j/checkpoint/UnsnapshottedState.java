package io.streamz4j.checkpoint;

/**
 * What a {@link JournaledSource} does about state that will not survive a restart: a stateful node
 * below it that no registered snapshot covers (found at {@code start()}), or a node connected below
 * it after {@code start()}, which missed the replay.
 *
 * <p>Thread safety: an enum, immutable.
 */
public enum UnsnapshottedState {
    /** Log a warning naming each such node, and go on. */
    WARN,
    /** Throw an {@link IllegalStateException} naming each such node and what to register. */
    REFUSE
}
