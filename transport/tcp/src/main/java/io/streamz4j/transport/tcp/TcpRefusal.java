package io.streamz4j.transport.tcp;

/**
 * Why {@link FromTcp} disconnected a client: each reason has its own counter in {@link TcpMetrics}
 * and its own log line.
 *
 * <p>Thread safety: immutable.
 */
public enum TcpRefusal {
    /** More than {@code maxMessageSize} bytes arrived without a delimiter. */
    OVERSIZED("message over the size limit without a delimiter"),
    /** The source already served {@code maxConnections} clients when this one connected. */
    CONNECTION_LIMIT("connection limit reached"),
    /** The client sent nothing for longer than the idle timeout. */
    IDLE("idle past the timeout");

    private final String description;

    TcpRefusal(String description) {
        this.description = description;
    }

    /** The reason as the log line words it. */
    public String description() {
        return description;
    }
}
