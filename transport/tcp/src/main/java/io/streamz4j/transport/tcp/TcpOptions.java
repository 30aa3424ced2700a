package io.streamz4j.transport.tcp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * The knobs of {@link FromTcp} besides port, delimiter and message size, each checked when set.
 * Defaults: bound to the loopback address only (a server reachable from other hosts must be asked
 * for, with {@link #bindAddress}), {@value #DEFAULT_MAX_CONNECTIONS} connections,
 * a queue of {@value #DEFAULT_QUEUE_CAPACITY} messages, and a client that sends nothing for
 * {@value #DEFAULT_IDLE_SECONDS} seconds is disconnected.
 *
 * <p>Thread safety: immutable; each {@code with} method returns a new instance.
 */
public final class TcpOptions {
    static final int DEFAULT_MAX_CONNECTIONS = 64;
    static final int DEFAULT_QUEUE_CAPACITY = 1024;
    static final long DEFAULT_IDLE_SECONDS = 300;
    private static final TcpOptions DEFAULTS = new TcpOptions(InetAddress.getLoopbackAddress(),
            DEFAULT_MAX_CONNECTIONS, DEFAULT_QUEUE_CAPACITY, Duration.ofSeconds(DEFAULT_IDLE_SECONDS));

    private final InetAddress bindAddress;
    private final int maxConnections;
    private final int queueCapacity;
    private final Duration idleTimeout;

    private TcpOptions(InetAddress bindAddress, int maxConnections, int queueCapacity, Duration idleTimeout) {
        this.bindAddress = bindAddress;
        this.maxConnections = maxConnections;
        this.queueCapacity = queueCapacity;
        this.idleTimeout = idleTimeout;
    }

    /** The defaults (see the class comment). */
    public static TcpOptions defaults() {
        return DEFAULTS;
    }

    /** Listens on {@code address} (the wildcard address: every interface). */
    public TcpOptions bindAddress(InetAddress address) {
        Objects.requireNonNull(address, FromTcp.KIND + ": parameter 'bindAddress' must not be null");
        return new TcpOptions(address, maxConnections, queueCapacity, idleTimeout);
    }

    /** Serves at most {@code max} clients at once; one more is disconnected as it connects. */
    public TcpOptions maxConnections(int max) {
        FromTcp.require(max > 0, "maxConnections", "must be > 0, was " + max);
        return new TcpOptions(bindAddress, max, queueCapacity, idleTimeout);
    }

    /** Holds at most {@code capacity} messages the pipeline has not taken; a full queue stops reading. */
    public TcpOptions queueCapacity(int capacity) {
        FromTcp.require(capacity > 0, "queueCapacity", "must be > 0, was " + capacity);
        return new TcpOptions(bindAddress, maxConnections, capacity, idleTimeout);
    }

    /**
     * Disconnects a client that sends nothing for {@code timeout} (at least a millisecond). Time the
     * source itself spends waiting for room in its queue does not count against the client.
     */
    public TcpOptions idleTimeout(Duration timeout) {
        FromTcp.require(timeout != null && timeout.toMillis() >= 1 && timeout.toMillis() <= Integer.MAX_VALUE,
                "idleTimeout", "must be between 1 ms and " + Integer.MAX_VALUE + " ms, was " + timeout);
        return new TcpOptions(bindAddress, maxConnections, queueCapacity, timeout);
    }

    public InetAddress bindAddress() {
        return bindAddress;
    }

    public int maxConnections() {
        return maxConnections;
    }

    public int queueCapacity() {
        return queueCapacity;
    }

    public Duration idleTimeout() {
        return idleTimeout;
    }

    @Override
    public String toString() {
        return "TcpOptions{bindAddress=" + bindAddress + ", maxConnections=" + maxConnections
                + ", queueCapacity=" + queueCapacity + ", idleTimeout=" + idleTimeout + '}';
    }
}
