package io.streamz4j.frame.agg;

import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;

/**
 * streamz's three-method aggregation over a stream of frames: {@code initial(example)} makes the
 * empty state, {@code onNew(state, frame)} folds a frame in, {@code onOld(state, frame)} takes a
 * frame out again (for windows), and {@link #result} reads the value to emit. States are mutable
 * objects updated in place (a running reduction allocates nothing per batch but its result);
 * {@code onNew} checks everything it needs before changing the state, so a refused frame leaves
 * the state as it was.
 *
 * <p>Thread safety: an aggregation and its state are confined to the thread that runs the node
 * holding them.
 *
 * @param <S> the state
 * @param <R> what is emitted after each frame
 */
public interface Aggregation<S, R> {
    /** The state before any data, for frames of {@code example}. */
    S initial(Schema example);

    /** Folds {@code frame} into {@code state}; returns the (usually same) state. */
    S onNew(S state, Frame frame);

    /** Takes {@code frame}, folded in earlier, back out of {@code state}. */
    default S onOld(S state, Frame frame) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot forget rows");
    }

    /**
     * An independent copy of {@code state} (for saved window states): a {@link Copyable} state's
     * {@code copy()}, otherwise the state itself, which is right only for states never changed in
     * place (streamz's own, pandas objects replaced at every step). Aggregations with other mutable
     * states override this.
     */
    @SuppressWarnings("unchecked")
    default S copy(S state) {
        return state instanceof Copyable<?> c ? (S) c.copy() : state;
    }

    /** The value the stream emits for this state. */
    R result(S state);
}
