package io.streamz4j.transport.scatter.wire;

import io.streamz4j.transport.scatter.RefusedMessageException;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The 12-byte header every message starts with: {@code byte type, byte version, short reserved,
 * long workerUid} (little-endian). On a worker's messages the uid is the sender's, on the
 * coordinator's the addressed worker's, so a message for a previous incarnation of a worker is
 * recognised and ignored.
 *
 * <p>Thread safety: static methods over the caller's buffer; nothing retained.
 */
public final class MessageHeader {
    public static final int TYPE_OFFSET = 0;
    public static final int VERSION_OFFSET = 1;
    public static final int RESERVED_OFFSET = 2;
    public static final int UID_OFFSET = 4;
    public static final int LENGTH = 12;

    private MessageHeader() {
    }

    /** Writes the header at {@code offset} and returns the offset of the body. */
    public static int write(MutableDirectBuffer buffer, int offset, byte type, long workerUid) {
        buffer.putByte(offset + TYPE_OFFSET, type);
        buffer.putByte(offset + VERSION_OFFSET, Protocol.VERSION);
        buffer.putShort(offset + RESERVED_OFFSET, (short) 0);
        buffer.putLong(offset + UID_OFFSET, workerUid);
        return offset + LENGTH;
    }

    /**
     * The message's type, once its header is checked: refuses a message shorter than the header or
     * of another protocol version.
     */
    public static byte checkedType(DirectBuffer buffer, int offset, int length) {
        if (length < LENGTH) {
            throw new RefusedMessageException("a message of " + length + " bytes is shorter than the "
                    + LENGTH + "-byte header");
        }
        byte version = buffer.getByte(offset + VERSION_OFFSET);
        if (version != Protocol.VERSION) {
            throw new RefusedMessageException("protocol version " + version + ", expected " + Protocol.VERSION);
        }
        return buffer.getByte(offset + TYPE_OFFSET);
    }

    public static byte type(DirectBuffer buffer, int offset) {
        return buffer.getByte(offset + TYPE_OFFSET);
    }

    public static long workerUid(DirectBuffer buffer, int offset) {
        return buffer.getLong(offset + UID_OFFSET);
    }
}
