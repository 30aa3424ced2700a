package io.streamz4j.transport.tcp;

/**
 * Typed entry points of the TCP artifact, named after streamz's API ({@code Stream.from_tcp}).
 *
 * <p>Thread safety: stateless; each call builds a new, unstarted source.
 */
public final class Tcp {
    private Tcp() {
    }

    /** streamz's {@code from_tcp(port)}: newline-delimited messages, the defaults of {@link TcpOptions}. */
    public static FromTcp fromTcp(int port) {
        return new FromTcp(port);
    }

    /** {@code from_tcp(port, delimiter)} with messages of at most {@code maxMessageSize} bytes before the delimiter. */
    public static FromTcp fromTcp(int port, byte[] delimiter, int maxMessageSize) {
        return new FromTcp(port, delimiter, maxMessageSize);
    }

    /** As {@link #fromTcp(int, byte[], int)}, with {@code options} (bind address, limits, timeout). */
    public static FromTcp fromTcp(int port, byte[] delimiter, int maxMessageSize, TcpOptions options) {
        return new FromTcp(port, delimiter, maxMessageSize, options);
    }
}
