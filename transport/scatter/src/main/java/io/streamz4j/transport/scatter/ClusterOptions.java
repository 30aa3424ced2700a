package io.streamz4j.transport.scatter;

import io.streamz4j.Arguments;
import io.streamz4j.runtime.Clock;

import org.apache.arrow.memory.BufferAllocator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How {@link Cluster#start} sets a cluster up: which media driver (an embedded one by default,
 * its directory under {@code java.io.tmpdir} and deleted at close, or an external one's
 * directory), the control channel workers send to (default {@code aeron:ipc}; for several hosts
 * e.g. {@code aeron:udp?endpoint=10.77.0.1:40123}), the idle strategy of the agent and of the
 * producer's waits ({@code backoff} by default: never a busy spin unless asked), the heartbeat
 * interval (100 ms) and worker timeout (1 s: a worker silent that long is dead), how many sends
 * an element gets before it is reported lost (3), how long closing waits for results still in
 * flight (30 s), extra function libraries, an Arrow allocator when frames travel, and the clock
 * the liveness checks read.
 *
 * <p>Every setter checks its argument at once (an {@link IllegalArgumentException} naming the
 * parameter) and returns this object, for chaining.
 *
 * <p>Thread safety: a mutable builder for one thread; {@link Cluster#start} copies what it needs.
 */
public final class ClusterOptions {
    private static final String NODE = "ClusterOptions";

    private String aeronDirectory;
    private String controlChannel = "aeron:ipc";
    private String idleStrategy = IdleStrategies.DEFAULT;
    private Duration heartbeatInterval = Duration.ofMillis(100);
    private Duration workerTimeout = Duration.ofSeconds(1);
    private Duration closeTimeout = Duration.ofSeconds(30);
    private int maxAttempts = 3;
    private Clock clock = Clock.system();
    private final List<String> libraries = new ArrayList<>();
    private BufferAllocator frameAllocator;

    /** The defaults: an embedded driver, IPC, backoff idling. */
    public static ClusterOptions defaults() {
        return new ClusterOptions();
    }

    /** A media driver in this process (the default), its directory made and removed by the cluster. */
    public ClusterOptions embeddedDriver() {
        aeronDirectory = null;
        return this;
    }

    /** A media driver already running with directory {@code aeronDir} (a standalone driver for several hosts). */
    public ClusterOptions externalDriver(String aeronDir) {
        aeronDirectory = requireText(aeronDir, "aeronDir");
        return this;
    }

    /** Where workers send HELLO, heartbeats and results: an Aeron channel URI. */
    public ClusterOptions controlChannel(String channel) {
        String checked = requireText(channel, "controlChannel");
        if (!checked.startsWith("aeron:")) {
            throw new IllegalArgumentException(NODE + ": parameter 'controlChannel' must be an Aeron channel"
                    + " (aeron:ipc or aeron:udp?endpoint=host:port), got " + checked);
        }
        controlChannel = checked;
        return this;
    }

    /** {@code backoff} (default), {@code sleeping}, {@code yielding} or {@code busy-spin}. */
    public ClusterOptions idleStrategy(String name) {
        try {
            IdleStrategies.parse(requireText(name, "idleStrategy"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(NODE + ": parameter 'idleStrategy': " + e.getMessage(), e);
        }
        idleStrategy = name;
        return this;
    }

    /** How often the coordinator sends heartbeats and expects them (default 100 ms). */
    public ClusterOptions heartbeatInterval(Duration interval) {
        heartbeatInterval = requirePositive(interval, "heartbeatInterval");
        return this;
    }

    /** How long a worker may stay silent before it is dead and its elements go elsewhere (default 1 s). */
    public ClusterOptions workerTimeout(Duration timeout) {
        workerTimeout = requirePositive(timeout, "workerTimeout");
        return this;
    }

    /** How long closing waits for results still in flight (default 30 s). */
    public ClusterOptions closeTimeout(Duration timeout) {
        closeTimeout = requirePositive(timeout, "closeTimeout");
        return this;
    }

    /** How many sends an element gets (the first and the resends after worker deaths) before it is lost (default 3). */
    public ClusterOptions maxAttempts(int attempts) {
        maxAttempts = Arguments.requirePositive(attempts, NODE, "maxAttempts");
        return this;
    }

    /** The clock the liveness checks read (tests pass a {@link io.streamz4j.runtime.ManualClock}). */
    public ClusterOptions clock(Clock liveness) {
        clock = Arguments.requireNonNull(liveness, NODE, "clock");
        return this;
    }

    /**
     * A {@link FunctionLibrary} class to load besides those {@link java.util.ServiceLoader} finds:
     * a program's functions must be registered on the coordinator as on every worker.
     */
    public ClusterOptions library(String className) {
        libraries.add(requireText(className, "library"));
        return this;
    }

    /**
     * Lets Arrow frames travel: elements that are frames are encoded (Arrow IPC) and frames in
     * results are decoded into {@code allocator}, which the caller owns and closes after the
     * cluster. A gathered frame is released once the nodes below gather returned from it, as any
     * node releases the frames it makes: a node that keeps one retains it.
     */
    public ClusterOptions frames(BufferAllocator allocator) {
        frameAllocator = Arguments.requireNonNull(allocator, NODE, "frames");
        return this;
    }

    /** The allocator for frames on the wire, or null when frames are refused. */
    public BufferAllocator frameAllocator() {
        return frameAllocator;
    }

    /** The external driver's directory, or null for an embedded driver. */
    public String aeronDirectory() {
        return aeronDirectory;
    }

    public String controlChannel() {
        return controlChannel;
    }

    public String idleStrategy() {
        return idleStrategy;
    }

    public Duration heartbeatInterval() {
        return heartbeatInterval;
    }

    public Duration workerTimeout() {
        return workerTimeout;
    }

    public Duration closeTimeout() {
        return closeTimeout;
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    public Clock clock() {
        return clock;
    }

    public List<String> libraries() {
        return List.copyOf(libraries);
    }

    private static String requireText(String value, String parameter) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(NODE + ": parameter '" + parameter + "' must not be blank");
        }
        return value;
    }

    private static Duration requirePositive(Duration value, String parameter) {
        Arguments.requireNonNull(value, NODE, parameter);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(NODE + ": parameter '" + parameter + "' must be positive, got " + value);
        }
        return value;
    }
}
