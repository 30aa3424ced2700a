package io.streamz4j.transport.scatter.wire;

import io.streamz4j.transport.scatter.RefusedMessageException;
import io.streamz4j.transport.scatter.WireTypes;
import org.agrona.DirectBuffer;

/**
 * RESTORE, coordinator to worker: {@code int programId, value key, value state}: sets the key's
 * accumulate state (the newest snapshot of a dead worker's key) before its elements are resent.
 *
 * <p>Thread safety: a flyweight for one thread at a time; it retains the buffer it wraps.
 */
public final class RestoreMessage {
    private static final int PROGRAM_ID_OFFSET = MessageHeader.LENGTH;
    private static final int VALUES_OFFSET = PROGRAM_ID_OFFSET + 4;

    private DirectBuffer buffer;
    private int offset;
    private int limit;

    public static void encode(WireWriter out, WireTypes types, long workerUid, int programId, Object key,
            Object state) {
        out.header(Protocol.RESTORE, workerUid).putInt(programId);
        types.encode(key, out);
        types.encode(state, out);
    }

    public RestoreMessage wrap(DirectBuffer buffer, int offset, int length) {
        if (length < VALUES_OFFSET + 2) {
            throw new RefusedMessageException("RESTORE of " + length + " bytes, shorter than its id and two values");
        }
        this.buffer = buffer;
        this.offset = offset;
        this.limit = offset + length;
        return this;
    }

    public int programId() {
        return buffer.getInt(offset + PROGRAM_ID_OFFSET);
    }

    /** Points {@code in} at the key; the state follows it, and then the message ends. */
    public WireReader values(WireReader in) {
        return in.wrap(buffer, offset + VALUES_OFFSET, limit);
    }
}
