package io.streamz4j.transport.scatter.wire;

import org.agrona.DirectBuffer;

/**
 * What TASK and RESULT share: after the header, {@code int programId, long seq}, the element's
 * pipeline and its place in scatter order. The flyweight's view of the bytes it wraps.
 *
 * <p>Thread safety: a flyweight for one thread at a time; it retains the buffer it wraps.
 */
abstract class SequencedMessage {
    static final int PROGRAM_ID_OFFSET = MessageHeader.LENGTH;
    static final int SEQ_OFFSET = PROGRAM_ID_OFFSET + 4;
    /** Where the fields of each message after {@code seq} begin. */
    static final int AFTER_SEQ_OFFSET = SEQ_OFFSET + 8;

    DirectBuffer buffer;
    int offset;
    int limit;

    /** Points at the {@code length} bytes at {@code offset}; the subclass has checked them. */
    final void point(DirectBuffer buffer, int offset, int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.limit = offset + length;
    }

    public final long workerUid() {
        return MessageHeader.workerUid(buffer, offset);
    }

    public final int programId() {
        return buffer.getInt(offset + PROGRAM_ID_OFFSET);
    }

    public final long seq() {
        return buffer.getLong(offset + SEQ_OFFSET);
    }
}
