package io.streamz4j.frame.agg;

/**
 * What a running aggregation built with state emits: a copy of its state after the frame, from
 * which another aggregation can start, and the result (streamz's {@code with_state=True} tuple
 * {@code (state, result)}).
 *
 * <p>Thread safety: the state is a copy no node changes, so the pair may be handed to any thread.
 *
 * @param state  the aggregation's state, copied ({@link Aggregation#copy})
 * @param result what the aggregation emits without state
 */
public record StateAndResult<S, R>(S state, R result) {
}
