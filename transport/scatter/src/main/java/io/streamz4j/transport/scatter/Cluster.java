package io.streamz4j.transport.scatter;

import io.streamz4j.Arguments;
import io.streamz4j.Stream;
import io.streamz4j.transport.scatter.coordinator.Coordinator;
import io.streamz4j.transport.scatter.coordinator.WorkerState;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A coordinator and the worker processes that join it (Dask's {@code Client}): scattered
 * pipelines send their elements to its workers over Aeron and gather the results back.
 * {@link #start} launches an embedded media driver (unless the options name an external one),
 * subscribes to the control channel where workers say HELLO, and starts the agent thread
 * {@code streamz4j-scatter-<n>}. Workers are separate processes ({@code Worker}'s command line,
 * or {@code WorkerPool} for local ones) pointed at {@link #aeronDirectory()} and
 * {@link #controlChannel()}.
 *
 * <p>{@code Stream.scatter()} uses {@link #defaultCluster()}, the cluster started last and not yet
 * closed; {@link #scatter(Stream)} picks this one explicitly.
 *
 * <p>Thread safety: every method may be called from any thread. {@link #close()} waits (bounded
 * by the options' close timeout) for the results in flight, sends SHUTDOWN to the workers, stops
 * the agent, closes Aeron and removes the embedded driver and its directory: no thread is left.
 */
public final class Cluster implements AutoCloseable {
    private static final List<Cluster> OPEN = new ArrayList<>();

    private final Coordinator coordinator;

    private Cluster(Coordinator coordinator) {
        this.coordinator = coordinator;
    }

    /** Starts a cluster as {@code options} say; it becomes the default cluster. */
    public static Cluster start(ClusterOptions options) {
        Arguments.requireNonNull(options, "Cluster.start", "options");
        Cluster cluster = new Cluster(Coordinator.start(options));
        synchronized (OPEN) {
            OPEN.add(cluster);
        }
        return cluster;
    }

    /** Starts a cluster with {@link ClusterOptions#defaults()}. */
    public static Cluster start() {
        return start(ClusterOptions.defaults());
    }

    /**
     * The cluster started last and not yet closed, which {@code Stream.scatter()} uses.
     *
     * @throws IllegalStateException when no cluster is open
     */
    public static Cluster defaultCluster() {
        synchronized (OPEN) {
            if (OPEN.isEmpty()) {
                throw new IllegalStateException("scatter: no cluster is running; start one with Cluster.start(...)"
                        + " before building a scattered pipeline");
            }
            return OPEN.get(OPEN.size() - 1);
        }
    }

    /** Scatters {@code upstream}'s elements on this cluster. */
    public <T> ScatteredStream<T> scatter(Stream<T> upstream) {
        Arguments.requireNonNull(upstream, "scatter", "upstream");
        return Stream.build(() -> new ScatterNode<T>(upstream, this, null));
    }

    /** Scatters {@code upstream}'s elements on this cluster, equal keys to the same worker. */
    public <T> ScatteredStream<T> scatter(Stream<T> upstream, Function<? super T, ?> key) {
        Arguments.requireNonNull(upstream, "scatter", "upstream");
        Arguments.requireNonNull(key, "scatter", "key");
        return Stream.build(() -> new ScatterNode<T>(upstream, this, key));
    }

    /** The ids of the live workers (ready or joining), in joining order. */
    public List<Integer> workers() {
        return coordinator.directory().liveIndexes();
    }

    /**
     * Waits until at least {@code n} workers are ready to take elements; false if {@code timeout}
     * passed first.
     */
    public boolean awaitWorkers(int n, Duration timeout) {
        Arguments.requireNonNegative(n, "awaitWorkers", "n");
        Arguments.requireNonNull(timeout, "awaitWorkers", "timeout");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (readyWorkers() < n) {
            if (System.nanoTime() - deadline > 0 || !coordinator.isOpen()) {
                return false;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        }
        return true;
    }

    private int readyWorkers() {
        int ready = 0;
        for (WorkerState worker : coordinator.directory().workers()) {
            if (worker.isReady()) {
                ready++;
            }
        }
        return ready;
    }

    /** Every worker that ever joined, dead ones included, with its counters and round-trip percentiles. */
    public List<WorkerMetrics> metrics() {
        return coordinator.metrics();
    }

    /** Messages from workers that could not be decoded: refused, never acted on. */
    public long refusedMessages() {
        return coordinator.refusedMessages();
    }

    /** Waits until no scattered pipeline of this cluster has an element in flight; false if {@code timeout} passed first. */
    public boolean awaitDrained(Duration timeout) {
        Arguments.requireNonNull(timeout, "awaitDrained", "timeout");
        return coordinator.awaitDrained(timeout);
    }

    /** The media driver's directory, which workers on this host name with {@code --aeron-dir}. */
    public String aeronDirectory() {
        return coordinator.aeronDirectory();
    }

    /** The channel workers send to, for their {@code --control-channel}. */
    public String controlChannel() {
        return coordinator.options().controlChannel();
    }

    /** The name of the agent thread, {@code streamz4j-scatter-<n>}. */
    public String name() {
        return coordinator.name();
    }

    Coordinator coordinator() {
        return coordinator;
    }

    @Override
    public void close() {
        try {
            coordinator.close();
        } finally {
            synchronized (OPEN) {
                OPEN.remove(this);
            }
        }
    }

    @Override
    public String toString() {
        return "Cluster[" + coordinator.name() + ", " + controlChannel() + "]";
    }
}
