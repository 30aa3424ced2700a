package io.streamz4j.transport.websocket;

/**
 * What {@link WebsocketServerEndpoint} keeps about one admitted connection (its attachment): the
 * remote address for log lines, and when it last answered a ping.
 *
 * <p>Thread safety: made on a decoder thread when the connection opens; {@link #lastPong} is written
 * by the decoder that reads a pong and read by the connection check.
 */
final class Peer {
    final String remote;
    volatile long lastPongNanos;

    Peer(String remote, long nowNanos) {
        this.remote = remote;
        this.lastPongNanos = nowNanos;
    }
}
