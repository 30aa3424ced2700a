package io.streamz4j.core;

import io.streamz4j.Arguments;
import io.streamz4j.Step;
import io.streamz4j.Stream;
import io.streamz4j.Tuple;

import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * streamz's {@code accumulate}: a running reduction. Each element updates the state with the
 * user's function and the node emits the new state; or, with {@code returns_state}, the function
 * returns a {@link Step} of next state and emitted value; with {@code with_state} the node emits
 * {@code (state, result)} tuples. Without a start value the first element becomes the state and
 * is emitted unchanged.
 *
 * <p>Thread safety: runs on the thread that emits into its upstream. The state is changed only
 * when the user's function returns normally, so a failing element leaves it as it was. The state
 * is what a checkpoint snapshots ({@link KeepsState}).
 *
 * @param <R> what the node emits
 */
public final class Accumulate<R> extends Stream<R> implements KeepsState {
    private static final Object NO_START = new Object();

    private final BiFunction<Object, Object, Object> f;
    private final boolean returnsState;
    private final boolean withState;
    private Object state;

    private Accumulate(Stream<?> upstream, BiFunction<Object, Object, Object> f, Object start,
            boolean returnsState, boolean withState) {
        super(null, checked(upstream, f));
        this.f = f;
        this.state = start;
        this.returnsState = returnsState;
        this.withState = withState;
    }

    /** Rejects a null function before the base constructor connects the node to {@code upstream}. */
    private static Stream<?> checked(Stream<?> upstream, BiFunction<?, ?, ?> f) {
        Arguments.requireNonNull(f, "accumulate", "f");
        return upstream;
    }

    /** state = f(state, x), starting from {@code start}; emits the state, or (state, state) tuples. */
    @SuppressWarnings("unchecked")
    public static <S, T, R> Accumulate<R> of(Stream<? extends T> upstream, BiFunction<S, ? super T, S> f,
            S start, boolean withState) {
        return new Accumulate<>(upstream, (BiFunction<Object, Object, Object>) (BiFunction<?, ?, ?>) f, start,
                false, withState);
    }

    /**
     * state = f(state, x), the first element being the start state; emits the state, or
     * (state, state) tuples.
     */
    @SuppressWarnings("unchecked")
    public static <T, R> Accumulate<R> of(Stream<? extends T> upstream, BiFunction<T, T, T> f,
            boolean withState) {
        return new Accumulate<>(upstream, (BiFunction<Object, Object, Object>) (BiFunction<?, ?, ?>) f, NO_START,
                false, withState);
    }

    /** f returns both the next state and the value to emit (returns_state=True). */
    @SuppressWarnings("unchecked")
    public static <S, T, X, R> Accumulate<R> returningState(Stream<? extends T> upstream,
            BiFunction<S, ? super T, Step<S, X>> f, S start, boolean withState) {
        return new Accumulate<>(upstream, (BiFunction<Object, Object, Object>) (BiFunction<?, ?, ?>) f, start,
                true, withState);
    }

    @Override
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        Object result;
        if (state == NO_START) {
            state = x;
            result = x;
        } else {
            Object returned;
            try {
                returned = f.apply(state, x);
            } catch (RuntimeException | Error e) {
                reportFailure(x, e);
                throw e;
            }
            if (returnsState) {
                if (!(returned instanceof Step<?, ?> step)) {
                    throw refused(x, new IllegalStateException(this
                            + ": a returns-state accumulator must return a Step, got " + returned));
                }
                state = step.state();
                result = step.result();
            } else {
                state = returned;
                result = returned;
            }
        }
        Object out = withState ? Tuple.of(state, result) : result;
        Stream<?> next = soleDownstream(metadata);
        if (next != null) {
            next.update(out, this, metadata);
        } else {
            emitDownstream(out, metadata);
        }
    }

    /** The current state; before the first element without a start value, null. */
    public Object state() {
        return state == NO_START ? null : state;
    }

    /**
     * Replaces the state, as restoring a checkpoint does; called on the thread that runs the node,
     * while no element is passing through it.
     */
    public void restoreState(Object restored) {
        this.state = restored;
    }

    @Override
    protected String kind() {
        return "accumulate";
    }

    @Override
    public String graphShape() {
        return "box";
    }
}
