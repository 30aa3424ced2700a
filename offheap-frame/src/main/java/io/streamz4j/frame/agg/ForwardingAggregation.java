package io.streamz4j.frame.agg;

import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;

/**
 * An aggregation that keeps another's state and steps and only reads a different result from
 * that state: {@code initial}, {@code onNew}, {@code onOld} and {@code copy} go to the wrapped
 * aggregation, and a subclass says what {@link #result} emits.
 *
 * <p>Thread safety: as the wrapped aggregation; this class holds nothing but it.
 *
 * @param <S> the state, the wrapped aggregation's
 * @param <I> the wrapped aggregation's result
 * @param <R> what this aggregation emits
 */
public abstract class ForwardingAggregation<S, I, R> implements Aggregation<S, R> {
    /** The aggregation whose state and steps this one uses. */
    protected final Aggregation<S, I> inner;

    protected ForwardingAggregation(Aggregation<S, I> inner) {
        this.inner = inner;
    }

    @Override
    public final S initial(Schema example) {
        return inner.initial(example);
    }

    @Override
    public final S onNew(S state, Frame frame) {
        return inner.onNew(state, frame);
    }

    @Override
    public final S onOld(S state, Frame frame) {
        return inner.onOld(state, frame);
    }

    @Override
    public final S copy(S state) {
        return inner.copy(state);
    }
}
