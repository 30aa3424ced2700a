package io.streamz4j.transport.scatter;

import io.streamz4j.Arguments;
import io.streamz4j.Stream;
import io.streamz4j.transport.scatter.coordinator.Coordinator;
import io.streamz4j.transport.scatter.coordinator.Gather;
import io.streamz4j.transport.scatter.coordinator.ProgramState;
import io.streamz4j.transport.scatter.coordinator.Scatterer;
import io.streamz4j.transport.scatter.wire.ProgramMessage;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * streamz's {@code scatter}: sends each element to a worker process of a {@link Cluster}, where
 * the chain built below it runs (see {@link ScatteredStream}). It is the transport's
 * {@code "scatter"} plugin, which {@code Stream.scatter()} and {@code Stream.scatter(key)} build
 * on {@link Cluster#defaultCluster()}; {@link Cluster#scatter} picks a cluster explicitly. With a
 * key function, elements with equal keys go to the same worker (until it dies), so an accumulate
 * on the workers keeps one state per key; the key must be a wire type.
 *
 * <p>Elements may be emitted into it once its chain ends in {@code gather()}. The emitting thread
 * waits (the cluster's idle strategy) while the chain's limit of elements is in flight, or while
 * no worker is ready, or while Aeron back-pressures the chosen worker: nothing is ever dropped.
 * A worker's failure on an element is reported to this node's error handler with the element (a
 * {@code RemoteFailureException}), on the cluster's agent thread, and the element is not retried;
 * an element whose workers died with it {@code maxAttempts} times is reported the same way (an
 * {@code ElementLostException}). Element metadata does not travel to the workers.
 *
 * <p>{@link #close()} on the pipeline waits, bounded by the cluster's close timeout, until every
 * result in flight has left gather; so does {@link #destroy()}, as a buffer delivers what it
 * accepted before it goes (not when called on the cluster's agent thread, which delivers them).
 * What is still in flight after the timeout is dropped and counted in {@link #droppedOnDestroy()}.
 *
 * <p>Thread safety: one emitting thread at a time, the engine's contract for a node; the results
 * come back on the cluster's agent thread. Retains each element until its result left gather.
 *
 * @param <T> the type of the elements scattered
 */
public final class ScatterNode<T> extends ScatteredStream<T> {
    private static final Logger LOG = LoggerFactory.getLogger(ScatterNode.class);

    private final Cluster cluster;
    private final Function<Object, ?> key;
    private volatile ProgramState program;
    /** Written before {@link #program}, read after it (a volatile read): set once, at gather. */
    private Scatterer scatterer;

    /** Scatters {@code upstream}'s elements on the default cluster. */
    public ScatterNode(Stream<?> upstream) {
        this(upstream, Cluster.defaultCluster(), null);
    }

    /** Scatters {@code upstream}'s elements on the default cluster, equal keys to the same worker. */
    public ScatterNode(Stream<?> upstream, Function<?, ?> key) {
        this(upstream, Cluster.defaultCluster(), Arguments.requireNonNull(key, "scatter", "key"));
    }

    @SuppressWarnings("unchecked")
    ScatterNode(Stream<?> upstream, Cluster cluster, Function<?, ?> key) {
        super(upstream);
        this.cluster = cluster;
        this.key = (Function<Object, ?>) key;
    }

    @Override
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        ProgramState running = program;
        if (running == null) {
            throw refused(x, new IllegalStateException(this + ": the scattered chain below has no gather() yet;"
                    + " build it down to gather() before emitting"));
        }
        Object scatterKey = key == null ? null : applyUserFunction(key, x);
        try {
            scatterer.scatter(scatterKey, x);
        } catch (RuntimeException e) {
            reportFailure(x, e);
            throw e;
        }
    }

    /** Elements scattered whose results have not yet left gather. */
    public long inFlight() {
        ProgramState running = program;
        return running == null ? 0 : running.ring().inFlight();
    }

    /**
     * How many times a worker's publication refused an element (Aeron back pressure, not yet
     * connected, an admin action) and the emitting thread waited and offered it again: the
     * elements were delayed, never dropped.
     */
    public long offersRetried() {
        return program == null ? 0 : scatterer.offersRetried();
    }

    /** Results dropped at gather because their sequence had completed already (a resend's second result). */
    public long duplicatesDropped() {
        ProgramState running = program;
        return running == null ? 0 : running.duplicates();
    }

    /** Elements reported lost: their workers died with them {@code maxAttempts} times. */
    public long lostElements() {
        ProgramState running = program;
        return running == null ? 0 : running.lost();
    }

    /** Waits until every element scattered so far has its results out of gather; false if {@code timeout} passed first. */
    public boolean awaitDrained(java.time.Duration timeout) {
        Arguments.requireNonNull(timeout, "awaitDrained", "timeout");
        ProgramState running = program;
        return running == null || cluster.coordinator().awaitDrained(running, timeout);
    }

    void checkFunctions(List<ProgramMessage.Step> steps) {
        cluster.coordinator().checkFunctions(steps);
    }

    <R> Gather<R> newGather(ScatteredStream<R> last) {
        Coordinator coordinator = cluster.coordinator();
        return new Gather<>(last, coordinator, coordinator.name());
    }

    /** The chain ended in {@code gather}: its program is registered, and elements may flow. */
    void attach(List<ProgramMessage.Step> steps, int inFlight, GatherOrder order, Gather<?> gather) {
        Coordinator coordinator = cluster.coordinator();
        ProgramState registered = coordinator.register(steps, inFlight, order, key != null, this, gather);
        scatterer = coordinator.scatterer(registered);
        program = registered;
    }

    /**
     * {@code close()}: what is in flight comes back through gather first, bounded by the close
     * timeout (not when closed from the agent thread, which delivers it).
     */
    @Override
    protected void flushOnClose() {
        if (cluster.coordinator().onAgentThread()) {
            return; // the agent delivers the results: it cannot wait for them
        }
        java.time.Duration timeout = cluster.coordinator().options().closeTimeout();
        if (!awaitDrained(timeout)) {
            LOG.warn("{}: {} element(s) still in flight after {}; closing without them", this, inFlight(), timeout);
        }
    }

    /**
     * {@code destroy()}: the results in flight come back first (bounded by the close timeout,
     * and not on the agent thread, which delivers them); those still out are dropped and counted,
     * and the program stops taking results.
     */
    @Override
    protected long releaseHeld() {
        ProgramState running = program;
        if (running == null) {
            return 0;
        }
        flushOnClose();
        long dropped = running.ring().inFlight();
        cluster.coordinator().retire(running);
        return dropped;
    }

    @Override
    protected String parameter() {
        return key == null ? null : "key";
    }
}
