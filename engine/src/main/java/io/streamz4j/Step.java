package io.streamz4j;

/**
 * What an accumulator that returns its state gives back: the next state and the value to emit
 * (streamz's {@code state, result = func(state, x)} with {@code returns_state=True}).
 *
 * @param state the state passed to the next call
 * @param result the value emitted downstream
 */
public record Step<S, R>(S state, R result) {
    public static <S, R> Step<S, R> of(S state, R result) {
        return new Step<>(state, result);
    }
}
