package io.streamz4j.transport.scatter.wire;

import io.streamz4j.transport.scatter.RefusedMessageException;
import io.streamz4j.transport.scatter.WireTypes;
import org.agrona.DirectBuffer;

/**
 * RESULT, worker to coordinator, one per TASK: {@code int programId, long seq, byte status}; then
 * for status {@link #OK}: {@code int count, values, byte hasState, [value key, value state]} (the
 * state is the key's accumulate state after this element, the snapshot a survivor resumes from);
 * for {@link #ERROR}: {@code string exceptionClass, string message, string stackTrace}.
 *
 * <p>Writing a success: {@link #beginValues}, the values through {@link WireTypes#encode}, then
 * {@link #endValues} and {@link #noState} or {@link #state}.
 *
 * <p>Thread safety: a flyweight for one thread at a time; it retains the buffer it wraps.
 */
public final class ResultMessage extends SequencedMessage {
    public static final byte OK = 0;
    public static final byte ERROR = 1;
    private static final int STATUS_OFFSET = AFTER_SEQ_OFFSET;
    private static final int BODY_OFFSET = STATUS_OFFSET + 1;

    private final WireReader reader = new WireReader();

    /** Starts a success; returns where the value count goes, for {@link #endValues}. */
    public static int beginValues(WireWriter out, long workerUid, int programId, long seq) {
        out.header(Protocol.RESULT, workerUid).putInt(programId).putLong(seq).putByte(OK);
        return out.reserveInt();
    }

    public static void endValues(WireWriter out, int countAt, int count) {
        out.patchInt(countAt, count);
    }

    public static void noState(WireWriter out) {
        out.putByte((byte) 0);
    }

    public static void state(WireWriter out, WireTypes types, Object key, Object state) {
        out.putByte((byte) 1);
        types.encode(key, out);
        types.encode(state, out);
    }

    public static void encodeError(WireWriter out, long workerUid, int programId, long seq, String exceptionClass,
            String message, String stackTrace) {
        out.header(Protocol.RESULT, workerUid).putInt(programId).putLong(seq).putByte(ERROR)
                .putString(exceptionClass).putString(message).putString(stackTrace);
    }

    /** Wraps a RESULT of {@code length} bytes; refuses one too short for its fixed fields or of an unknown status. */
    public ResultMessage wrap(DirectBuffer buffer, int offset, int length) {
        if (length < BODY_OFFSET + 4) {
            throw new RefusedMessageException("RESULT of " + length + " bytes, shorter than its fixed fields");
        }
        byte status = buffer.getByte(offset + STATUS_OFFSET);
        if (status != OK && status != ERROR) {
            throw new RefusedMessageException("RESULT status " + status + ", expected " + OK + " or " + ERROR);
        }
        point(buffer, offset, length);
        return this;
    }

    public byte status() {
        return buffer.getByte(offset + STATUS_OFFSET);
    }

    /**
     * For a success, points {@code in} at the value count: read it with
     * {@code in.readLength(1, ...)}, then that many values, then the state flag (and key and state).
     */
    public WireReader body(WireReader in) {
        return in.wrap(buffer, offset + BODY_OFFSET, limit);
    }

    /** For an error, the exception's class name. */
    public String exceptionClass() {
        return reader.wrap(buffer, offset + BODY_OFFSET, limit).readString("RESULT exception class");
    }

    /** For an error, the exception's message. */
    public String message() {
        reader.wrap(buffer, offset + BODY_OFFSET, limit).skipString("RESULT exception class");
        return reader.readString("RESULT exception message");
    }

    /** For an error, the exception's stack trace as text. */
    public String stackTrace() {
        reader.wrap(buffer, offset + BODY_OFFSET, limit).skipString("RESULT exception class");
        reader.skipString("RESULT exception message");
        return reader.readString("RESULT stack trace");
    }
}
