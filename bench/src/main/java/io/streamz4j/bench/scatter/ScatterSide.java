package io.streamz4j.bench.scatter;

import io.streamz4j.Stream;
import io.streamz4j.transport.scatter.Cluster;
import io.streamz4j.transport.scatter.ClusterOptions;
import io.streamz4j.transport.scatter.WorkerPool;
import io.streamz4j.transport.scatter.WorkerPoolOptions;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The pipeline measured: {@code source.scatter().map(inc).buffer(window).gather().sink(results)}
 * on a {@link Cluster} with its defaults (embedded media driver, the run's idle strategy) and a
 * {@link WorkerPool} of worker processes attached to its driver. Over IPC the control and work
 * channels are {@code aeron:ipc}; over UDP the coordinator listens on a loopback port and each
 * worker on one of its own, so every message crosses the loopback interface as it would cross a
 * network. Workers run without the build's emit check ({@code -Dstreamz4j.checkThreads=false}),
 * as a benchmark fork does.
 *
 * <p>Thread safety: the measuring thread emits (and waits inside {@code scatter} while the window
 * is full); results arrive on the cluster's agent thread, which runs the gather's downstream.
 */
final class ScatterSide implements RoundTripSide {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Cluster cluster;
    private final WorkerPool pool;
    private final Stream<Long> source = new Stream<>();
    private final Results results;
    /** The workers' logs: read into the error when they fail to join, deleted on close. */
    private final Path logs;

    ScatterSide(Channel channel, String idle, int workers, int window, Results results) {
        this.results = results;
        this.logs = temporaryDirectory();
        ClusterOptions options = ClusterOptions.defaults().idleStrategy(idle);
        WorkerPoolOptions.Builder poolOptions = WorkerPoolOptions.builder().workers(workers).idleStrategy(idle)
                .jvmFlag("-Dstreamz4j.checkThreads=false").logDirectory(logs);
        if (channel == Channel.UDP) {
            options.controlChannel(channel.newEndpoint());
            poolOptions.udpWorkChannels("127.0.0.1");
        }
        Cluster started = Cluster.start(options);
        WorkerPool pooled = null;
        try {
            pooled = WorkerPool.start(started, poolOptions.build());
            if (!started.awaitWorkers(workers, START_TIMEOUT)) {
                throw new IllegalStateException("scatter bench: " + workers + " workers did not join over "
                        + channel.label() + " in " + START_TIMEOUT.toSeconds() + " s; their logs:"
                        + System.lineSeparator() + pooled.logTails(20));
            }
            started.scatter(source).map(BenchFunctions.INC).buffer(window).gather().sink(results::accept);
        } catch (RuntimeException e) {
            CloseHelper.closeAll(pooled, started);
            IoUtil.delete(logs.toFile(), true);
            throw e;
        }
        this.cluster = started;
        this.pool = pooled;
    }

    @Override
    public void send(long element) {
        source.emit(element);
    }

    /** {@code buffer(window)} holds the emitting thread while the window is full. */
    @Override
    public boolean sendHoldsWindow() {
        return true;
    }

    /** Results arrive on the agent thread: nothing to do here. */
    @Override
    public int poll() {
        return 0;
    }

    @Override
    public Results results() {
        return results;
    }

    /** Stops the workers, then the cluster (its agent, its driver and the driver's directory); removes the logs. */
    @Override
    public void close() {
        try {
            CloseHelper.closeAll(pool, cluster);
        } finally {
            IoUtil.delete(logs.toFile(), true);
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("streamz4j-bench-workers-");
        } catch (IOException e) {
            throw new UncheckedIOException("scatter bench: cannot create the workers' log directory", e);
        }
    }
}
