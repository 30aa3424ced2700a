package io.streamz4j.frame.window;

/**
 * What a window built {@code withState()} emits: its state after the frame, and the result
 * (streamz's {@code with_state=True} tuple {@code (state, result)}).
 *
 * <p>Thread safety: as its parts.
 *
 * @param state  a snapshot of the window, retained for the receiver (release it when done)
 * @param result the aggregation's result
 */
public record WithState<S, R>(WindowState<S> state, R result) {
}
