package io.streamz4j.transport.tcp;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * The knobs of {@link FromTcp} besides port, delimiter and message size, each checked when set.
 * Defaults: bound to the loopback address only (a server reachable from other hosts must be asked
 * for, with {@link #bindAddress}), {@value #DEFAULT_MAX_CONNECTIONS} connections,
 * a queue of {@value #DEFAULT_QUEUE_CAPACITY} messages, and a client that sends nothing for
 * {@value #DEFAULT_IDLE_SECONDS} seconds is disconnected; the kernel sizes the receive buffers.
 *
 * <p>Thread safety: immutable; each {@code with} method returns a new instance.
 */
public final class TcpOptions {
    static final int DEFAULT_MAX_CONNECTIONS = 64;
    static final int DEFAULT_QUEUE_CAPACITY = 1024;
    static final long DEFAULT_IDLE_SECONDS = 300;
    private static final TcpOptions DEFAULTS = new TcpOptions(InetAddress.getLoopbackAddress(),
            DEFAULT_MAX_CONNECTIONS, DEFAULT_QUEUE_CAPACITY, Duration.ofSeconds(DEFAULT_IDLE_SECONDS), 0);

    private final InetAddress bindAddress;
    private final int maxConnections;
    private final int queueCapacity;
    private final Duration idleTimeout;
    private final int receiveBufferSize;

    private TcpOptions(InetAddress bindAddress, int maxConnections, int queueCapacity, Duration idleTimeout,
            int receiveBufferSize) {
        this.bindAddress = bindAddress;
        this.maxConnections = maxConnections;
        this.queueCapacity = queueCapacity;
        this.idleTimeout = idleTimeout;
        this.receiveBufferSize = receiveBufferSize;
    }

    /** The defaults (see the class comment). */
    public static TcpOptions defaults() {
        return DEFAULTS;
    }

    /** Listens on {@code address} (the wildcard address: every interface). */
    public TcpOptions bindAddress(InetAddress address) {
        Objects.requireNonNull(address, FromTcp.KIND + ": parameter 'bindAddress' must not be null");
        return new TcpOptions(address, maxConnections, queueCapacity, idleTimeout, receiveBufferSize);
    }

    /** Serves at most {@code max} clients at once; one more is disconnected as it connects. */
    public TcpOptions maxConnections(int max) {
        FromTcp.require(max > 0, "maxConnections", "must be > 0, was " + max);
        return new TcpOptions(bindAddress, max, queueCapacity, idleTimeout, receiveBufferSize);
    }

    /** Holds at most {@code capacity} messages the pipeline has not taken; a full queue stops reading. */
    public TcpOptions queueCapacity(int capacity) {
        FromTcp.require(capacity > 0, "queueCapacity", "must be > 0, was " + capacity);
        return new TcpOptions(bindAddress, maxConnections, capacity, idleTimeout, receiveBufferSize);
    }

    /**
     * Disconnects a client that sends nothing for {@code timeout} (at least a millisecond). Time the
     * source itself spends waiting for room in its queue does not count against the client.
     */
    public TcpOptions idleTimeout(Duration timeout) {
        FromTcp.require(timeout != null && timeout.toMillis() >= 1 && timeout.toMillis() <= Integer.MAX_VALUE,
                "idleTimeout", "must be between 1 ms and " + Integer.MAX_VALUE + " ms, was " + timeout);
        return new TcpOptions(bindAddress, maxConnections, queueCapacity, timeout, receiveBufferSize);
    }

    /**
     * Asks the kernel for a receive buffer of {@code bytes} per connection (0: the system's own,
     * which may grow by autotuning to many megabytes). With the queue full, this buffer and the
     * sender's send buffer are what a stalled sender can still push, so a small one makes back
     * pressure felt sooner.
     */
    public TcpOptions receiveBufferSize(int bytes) {
        FromTcp.require(bytes >= 0, "receiveBufferSize", "must be >= 0, was " + bytes);
        return new TcpOptions(bindAddress, maxConnections, queueCapacity, idleTimeout, bytes);
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

    /** The kernel receive buffer asked for per connection; 0: the system's own. */
    public int receiveBufferSize() {
        return receiveBufferSize;
    }

    @Override
    public String toString() {
        return "TcpOptions{bindAddress=" + bindAddress + ", maxConnections=" + maxConnections
                + ", queueCapacity=" + queueCapacity + ", idleTimeout=" + idleTimeout
                + ", receiveBufferSize=" + receiveBufferSize + '}';
    }
}
