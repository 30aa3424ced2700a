package io.streamz4j.transport.scatter.wire;

import io.streamz4j.transport.scatter.RefusedMessageException;
import org.agrona.DirectBuffer;

/**
 * HEARTBEAT, both ways every heartbeat interval: {@code long sentNanos}; a worker's adds its
 * counters: {@code long elementsIn, long elementsOut, long errors, long refused, int inFlight}.
 *
 * <p>Thread safety: a flyweight for one thread at a time; it retains the buffer it wraps.
 */
public final class HeartbeatMessage {
    private static final int SENT_OFFSET = MessageHeader.LENGTH;
    private static final int IN_OFFSET = SENT_OFFSET + 8;
    private static final int OUT_OFFSET = IN_OFFSET + 8;
    private static final int ERRORS_OFFSET = OUT_OFFSET + 8;
    private static final int REFUSED_OFFSET = ERRORS_OFFSET + 8;
    private static final int IN_FLIGHT_OFFSET = REFUSED_OFFSET + 8;
    /** The coordinator's heartbeat. */
    public static final int LENGTH = IN_OFFSET;
    /** A worker's heartbeat, with its counters. */
    public static final int WORKER_LENGTH = IN_FLIGHT_OFFSET + 4;

    private DirectBuffer buffer;
    private int offset;

    public static void encode(WireWriter out, long workerUid, long sentNanos) {
        out.header(Protocol.HEARTBEAT, workerUid).putLong(sentNanos);
    }

    public static void encodeWorker(WireWriter out, long workerUid, long sentNanos, long elementsIn, long elementsOut,
            long errors, long refused, int inFlight) {
        out.header(Protocol.HEARTBEAT, workerUid).putLong(sentNanos).putLong(elementsIn).putLong(elementsOut)
                .putLong(errors).putLong(refused).putInt(inFlight);
    }

    /** Wraps a heartbeat of either length; refuses any other. */
    public HeartbeatMessage wrap(DirectBuffer buffer, int offset, int length) {
        if (length != LENGTH && length != WORKER_LENGTH) {
            throw new RefusedMessageException("HEARTBEAT of " + length + " bytes, expected " + LENGTH + " or "
                    + WORKER_LENGTH);
        }
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    public long workerUid() {
        return MessageHeader.workerUid(buffer, offset);
    }

    public long sentNanos() {
        return buffer.getLong(offset + SENT_OFFSET);
    }

    public long elementsIn() {
        return buffer.getLong(offset + IN_OFFSET);
    }

    public long elementsOut() {
        return buffer.getLong(offset + OUT_OFFSET);
    }

    public long errors() {
        return buffer.getLong(offset + ERRORS_OFFSET);
    }

    public long refused() {
        return buffer.getLong(offset + REFUSED_OFFSET);
    }

    public int inFlight() {
        return buffer.getInt(offset + IN_FLIGHT_OFFSET);
    }
}
