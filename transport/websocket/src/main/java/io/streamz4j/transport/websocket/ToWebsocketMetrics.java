package io.streamz4j.transport.websocket;

import java.util.concurrent.atomic.LongAdder;

/**
 * What a {@link ToWebsocket} counted: messages and payload bytes written to the socket, times the
 * emitting thread had to wait for the socket (back pressure), elements that failed.
 *
 * <p>Thread safety: the writer thread counts what it wrote, the emitting thread its waits and
 * failures ({@link LongAdder}s, no lock); any thread reads.
 */
public final class ToWebsocketMetrics {
    final LongAdder sent = new LongAdder();
    final LongAdder bytes = new LongAdder();
    final LongAdder waits = new LongAdder();
    final LongAdder failed = new LongAdder();

    ToWebsocketMetrics() {
    }

    /** Messages written to the socket. */
    public long sent() {
        return sent.sum();
    }

    /** Payload bytes of the messages written (a text message counts its UTF-8 bytes). */
    public long bytes() {
        return bytes.sum();
    }

    /** Elements whose sending waited because {@link ToWebsocketOptions#maxFramesInFlight} messages were unwritten. */
    public long waits() {
        return waits.sum();
    }

    /** Elements that failed: not connected, closed, or of a type that cannot be sent. */
    public long failed() {
        return failed.sum();
    }

    @Override
    public String toString() {
        return "sent=" + sent() + ", bytes=" + bytes() + ", waits=" + waits() + ", failed=" + failed();
    }
}
