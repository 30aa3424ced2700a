package io.streamz4j.transport.scatter.wire;

import io.streamz4j.transport.scatter.RefusedMessageException;
import io.streamz4j.transport.scatter.WireTypes;
import org.agrona.DirectBuffer;

/**
 * TASK, coordinator to worker: {@code int programId, long seq, int attempt, value key, value
 * element}. A resend reuses the encoded bytes, rewriting the addressed worker's uid
 * ({@link MessageHeader#UID_OFFSET}) and the attempt ({@link #ATTEMPT_OFFSET}) in place.
 *
 * <p>Thread safety: a flyweight for one thread at a time; it retains the buffer it wraps.
 */
public final class TaskMessage extends SequencedMessage {
    public static final int ATTEMPT_OFFSET = AFTER_SEQ_OFFSET;
    /** Where the key value starts; the element follows it. */
    public static final int VALUES_OFFSET = ATTEMPT_OFFSET + 4;


    public static void encode(WireWriter out, WireTypes types, long workerUid, int programId, long seq, int attempt,
            Object key, Object element) {
        out.header(Protocol.TASK, workerUid).putInt(programId).putLong(seq).putInt(attempt);
        types.encode(key, out);
        types.encode(element, out);
    }

    /** Wraps a TASK of {@code length} bytes; refuses one too short for its fixed fields and two values. */
    public TaskMessage wrap(DirectBuffer buffer, int offset, int length) {
        if (length < VALUES_OFFSET + 2) {
            throw new RefusedMessageException("TASK of " + length + " bytes, shorter than its fixed fields and two values");
        }
        point(buffer, offset, length);
        return this;
    }

    public int attempt() {
        return buffer.getInt(offset + ATTEMPT_OFFSET);
    }

    /** Points {@code in} at the key; the element follows it, and then the message ends. */
    public WireReader values(WireReader in) {
        return in.wrap(buffer, offset + VALUES_OFFSET, limit);
    }
}
