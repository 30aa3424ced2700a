package io.streamz4j.runtime.internal;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Construction deferral: a node built through {@link #build} is connected to its upstreams only
 * after all its constructors have run, so a pipeline already emitting on another thread (a timed
 * window's loop, a buffer's consumer) cannot hand it an element while a subclass's fields are
 * still unset. The base constructor of the first node constructed inside {@code build} claims the
 * deferral ({@link #claim}) and records its upstreams without linking; {@code build} links them
 * once the constructor returns, and links nothing if it throws.
 *
 * <p>Thread safety: the state is per thread, so several threads may build at once; a constructor
 * may itself build nodes (the outer state is saved and restored).
 *
 * @param <N> the node type
 */
public final class Construction<N> {
    private final ThreadLocal<Deferral<N>> deferral = ThreadLocal.withInitial(Deferral::new);
    private final Consumer<N> connect;

    /** Deferral whose {@code build} connects the node it made with {@code connect}. */
    public Construction(Consumer<N> connect) {
        this.connect = connect;
    }

    /**
     * Called by a node's base constructor: true if a {@link #build} on this thread connects
     * {@code node} afterwards, so the constructor must not link it itself.
     */
    public boolean claim(N node) {
        Deferral<N> state = deferral.get();
        if (!state.pending) {
            return false;
        }
        state.pending = false;
        state.claimant = node;
        return true;
    }

    /** Runs {@code constructor}, then connects the node it returned (and one built before it that took the deferral). */
    public <S extends N> S build(Supplier<S> constructor) {
        Deferral<N> state = deferral.get();
        boolean outerPending = state.pending;
        N outerClaimant = state.claimant;
        state.pending = true;
        state.claimant = null;
        S node;
        N claimant;
        try {
            node = constructor.get();
        } finally {
            claimant = state.claimant;
            state.pending = outerPending;
            state.claimant = outerClaimant;
        }
        if (claimant != null && claimant != node) {
            // a node built before the result (in an argument, or a factory's helper) took the deferral
            connect.accept(claimant);
        }
        connect.accept(node);
        return node;
    }

    /** What {@link #build} tells the base constructor of the node it constructs. */
    private static final class Deferral<N> {
        /** Whether the next base constructor on this thread leaves the connecting to build. */
        boolean pending;
        /** The node whose base constructor took the deferral. */
        N claimant;
    }
}
