package io.streamz4j.transport.websocket;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * What a {@link FromWebsocket} counted since it was built: messages and payload bytes accepted into
 * its queue, connections opened and open now, and each kind of refusal. Read at any time.
 *
 * <p>Thread safety: the decoder, selector and connection-check threads add to the counters
 * ({@link LongAdder}s: no lock, no contention between them); any thread reads them. The gauges read
 * the live queue and connection count.
 */
public final class FromWebsocketMetrics {
    final LongAdder messages = new LongAdder();
    final LongAdder bytes = new LongAdder();
    final LongAdder connections = new LongAdder();
    final LongAdder oversized = new LongAdder();
    final LongAdder malformed = new LongAdder();
    final LongAdder connectionLimit = new LongAdder();
    final LongAdder lost = new LongAdder();
    final LongAdder slowHandshakes = new LongAdder();
    final LongAdder droppedAtStop = new LongAdder();
    private final IntSupplier queued;
    private final IntSupplier open;

    FromWebsocketMetrics(IntSupplier queued, IntSupplier open) {
        this.queued = queued;
        this.open = open;
    }

    /** Messages accepted into the queue (each is emitted once, at the latest when the source stops). */
    public long messages() {
        return messages.sum();
    }

    /** Payload bytes of the accepted messages (a text message counts its UTF-8 bytes). */
    public long bytes() {
        return bytes.sum();
    }

    /** Connections that completed the handshake and were admitted. */
    public long connections() {
        return connections.sum();
    }

    /** Connections open now (admitted and not yet closed). */
    public int openConnections() {
        return open.getAsInt();
    }

    /** Messages waiting in the queue now. */
    public int queued() {
        return queued.getAsInt();
    }

    /** Connections closed with 1009 because a message was over {@link FromWebsocketOptions#maxMessageSize}. */
    public long refusedOversized() {
        return oversized.sum();
    }

    /** Connections closed with a protocol error (1002) or invalid UTF-8 text (1007). */
    public long refusedMalformed() {
        return malformed.sum();
    }

    /** Connections refused with 1013 because {@link FromWebsocketOptions#maxConnections} were open. */
    public long refusedConnectionLimit() {
        return connectionLimit.sum();
    }

    /** Connections closed because they answered no ping in time (a dead or stalled client). */
    public long lostConnections() {
        return lost.sum();
    }

    /** Sockets closed because their opening handshake was not complete within the connection-lost timeout. */
    public long refusedSlowHandshakes() {
        return slowHandshakes.sum();
    }

    /** Messages decoded while the source was stopping, after its intake had closed: not emitted. */
    public long droppedAtStop() {
        return droppedAtStop.sum();
    }

    @Override
    public String toString() {
        return "messages=" + messages() + ", bytes=" + bytes() + ", connections=" + connections() + ", open="
                + openConnections() + ", queued=" + queued() + ", oversized=" + refusedOversized() + ", malformed="
                + refusedMalformed() + ", connectionLimit=" + refusedConnectionLimit() + ", lost=" + lostConnections()
                + ", slowHandshakes=" + refusedSlowHandshakes()
                + ", droppedAtStop=" + droppedAtStop();
    }
}
