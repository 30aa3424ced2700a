package io.streamz4j.frame.agg;

import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;

/**
 * An aggregation that emits its state with its result ({@link StateAndResult}), for streamz's
 * {@code with_state=True}: the same state and steps as the aggregation it wraps, and a copy of the
 * state with every result, so the receiver may keep it or start another aggregation from it while
 * this one goes on changing its own.
 *
 * <p>Thread safety: as the wrapped aggregation.
 */
public final class EmittingState<S, R> implements Aggregation<S, StateAndResult<S, R>> {
    private final Aggregation<S, R> inner;

    public EmittingState(Aggregation<S, R> inner) {
        if (inner == null) {
            throw new IllegalArgumentException("with_state: the aggregation is null");
        }
        this.inner = inner;
    }

    @Override
    public S initial(Schema example) {
        return inner.initial(example);
    }

    @Override
    public S onNew(S state, Frame frame) {
        return inner.onNew(state, frame);
    }

    @Override
    public S onOld(S state, Frame frame) {
        return inner.onOld(state, frame);
    }

    @Override
    public S copy(S state) {
        return inner.copy(state);
    }

    @Override
    public StateAndResult<S, R> result(S state) {
        return new StateAndResult<>(inner.copy(state), inner.result(state));
    }
}
