package io.streamz4j.frame.agg;

/**
 * An aggregation that emits its state with its result ({@link StateAndResult}), for streamz's
 * {@code with_state=True}: the same state and steps as the aggregation it wraps, and a copy of the
 * state with every result, so the receiver may keep it or start another aggregation from it while
 * this one goes on changing its own.
 *
 * <p>Thread safety: as the wrapped aggregation.
 */
public final class EmittingState<S, R> extends ForwardingAggregation<S, R, StateAndResult<S, R>> {
    public EmittingState(Aggregation<S, R> inner) {
        super(checked(inner));
    }

    private static <S, R> Aggregation<S, R> checked(Aggregation<S, R> inner) {
        if (inner == null) {
            throw new IllegalArgumentException("with_state: the aggregation is null");
        }
        return inner;
    }

    @Override
    public StateAndResult<S, R> result(S state) {
        return new StateAndResult<>(inner.copy(state), inner.result(state));
    }
}
