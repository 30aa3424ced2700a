package io.streamz4j.transport.websocket;

import io.streamz4j.Arguments;

import java.time.Duration;

/**
 * The knobs of {@link FromWebsocket} (streamz's {@code serve_kwargs}), each validated when set with an
 * {@link IllegalArgumentException} naming {@code from_websocket} and the parameter. Immutable: every
 * setter returns a changed copy, so one options object can configure several sources.
 *
 * <p>Thread safety: immutable.
 */
public final class FromWebsocketOptions {
    private static final String NODE = FromWebsocket.KIND;
    private static final FromWebsocketOptions DEFAULTS = new FromWebsocketOptions(1 << 20, 1024, 128,
            Duration.ofSeconds(60), 1, Duration.ofSeconds(2));

    private final int maxMessageSize;
    private final int queueCapacity;
    private final int maxConnections;
    private final Duration connectionLostTimeout;
    private final int decoderThreads;
    private final Duration closeTimeout;

    private FromWebsocketOptions(int maxMessageSize, int queueCapacity, int maxConnections,
            Duration connectionLostTimeout, int decoderThreads, Duration closeTimeout) {
        this.maxMessageSize = maxMessageSize;
        this.queueCapacity = queueCapacity;
        this.maxConnections = maxConnections;
        this.connectionLostTimeout = connectionLostTimeout;
        this.decoderThreads = decoderThreads;
        this.closeTimeout = closeTimeout;
    }

    /**
     * 1 MiB messages, a queue of 1024 messages, 128 connections, a connection lost after 60 s
     * without a pong (pinged every 60 s), one decoder thread, 2 s for the close handshakes at stop.
     */
    public static FromWebsocketOptions defaults() {
        return DEFAULTS;
    }

    /** The largest message, in payload bytes, fragments of one message counted together; a larger one closes its connection with 1009. */
    public FromWebsocketOptions maxMessageSize(int bytes) {
        return new FromWebsocketOptions(Arguments.requirePositive(bytes, NODE, "maxMessageSize"), queueCapacity,
                maxConnections, connectionLostTimeout, decoderThreads, closeTimeout);
    }

    /** How many received messages wait for the pipeline at most; when full, the server stops reading. */
    public FromWebsocketOptions queueCapacity(int messages) {
        return new FromWebsocketOptions(maxMessageSize, Arguments.requirePositive(messages, NODE, "queueCapacity"),
                maxConnections, connectionLostTimeout, decoderThreads, closeTimeout);
    }

    /** How many connections may be open at once; one more is closed with 1013 (try again later). */
    public FromWebsocketOptions maxConnections(int connections) {
        return new FromWebsocketOptions(maxMessageSize, queueCapacity,
                Arguments.requirePositive(connections, NODE, "maxConnections"), connectionLostTimeout, decoderThreads,
                closeTimeout);
    }

    /**
     * How often every connection is pinged; one that has not answered any ping for 1.5 times this
     * long is closed as lost (1006). {@link Duration#ZERO} turns the check off.
     */
    public FromWebsocketOptions connectionLostTimeout(Duration timeout) {
        return new FromWebsocketOptions(maxMessageSize, queueCapacity, maxConnections,
                nonNegative(timeout, "connectionLostTimeout"), decoderThreads, closeTimeout);
    }

    /** How many threads decode frames (each connection is decoded by one of them, so its order is kept). */
    public FromWebsocketOptions decoderThreads(int threads) {
        return new FromWebsocketOptions(maxMessageSize, queueCapacity, maxConnections, connectionLostTimeout,
                Arguments.requirePositive(threads, NODE, "decoderThreads"), closeTimeout);
    }

    /** How long a stop waits for the clients to finish their close handshakes before it drops them. */
    public FromWebsocketOptions closeTimeout(Duration timeout) {
        return new FromWebsocketOptions(maxMessageSize, queueCapacity, maxConnections, connectionLostTimeout,
                decoderThreads, nonNegative(timeout, "closeTimeout"));
    }

    private static Duration nonNegative(Duration value, String parameter) {
        Arguments.requireNonNull(value, NODE, parameter);
        if (value.isNegative()) {
            throw new IllegalArgumentException(NODE + ": parameter '" + parameter + "' must not be negative, got "
                    + value);
        }
        return value;
    }

    public int maxMessageSize() {
        return maxMessageSize;
    }

    public int queueCapacity() {
        return queueCapacity;
    }

    public int maxConnections() {
        return maxConnections;
    }

    public Duration connectionLostTimeout() {
        return connectionLostTimeout;
    }

    public int decoderThreads() {
        return decoderThreads;
    }

    public Duration closeTimeout() {
        return closeTimeout;
    }

    @Override
    public String toString() {
        return "maxMessageSize=" + maxMessageSize + ", queueCapacity=" + queueCapacity + ", maxConnections="
                + maxConnections + ", connectionLostTimeout=" + connectionLostTimeout + ", decoderThreads="
                + decoderThreads + ", closeTimeout=" + closeTimeout;
    }
}
