package io.streamz4j.frame.io;

import io.streamz4j.frame.io.FrameFormatException;

import org.apache.arrow.flatbuf.MessageHeader;
import org.apache.arrow.flatbuf.MetadataVersion;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The messages of Arrow IPC stream bytes, one at a time, with their framing checked: an optional
 * continuation marker, a metadata length within the input, a flatbuffer {@code Message} of a
 * metadata version this reader knows, a body within the input, and at the end the end-of-stream
 * marker with nothing after it. Each message costs the input at least eight bytes, so reading
 * them all is bounded by the input's size.
 *
 * <p>Thread safety: confined to the thread decoding the input.
 */
final class IpcMessages {
    private static final int CONTINUATION = 0xFFFFFFFF;

    /** A message's header and where its body lies in the input. */
    record Message(int number, byte type, FlatTable header, int body, int bodyLength) {
        String typeName() {
            return type >= 0 && type < MessageHeader.names.length ? MessageHeader.name(type)
                    : "message of type #" + type;
        }
    }

    private final byte[] ipc;
    private final ByteBuffer bytes;
    private int position;
    private int count;

    IpcMessages(byte[] ipc) {
        this.ipc = ipc;
        this.bytes = ByteBuffer.wrap(ipc).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The next message, or null at the end-of-stream marker. */
    Message next() {
        int number = ++count;
        int length = readInt(number, "its metadata length");
        if (length == CONTINUATION) {
            length = readInt(number, "its metadata length after the continuation marker");
        }
        if (length == 0) {
            return null;
        }
        int left = ipc.length - position;
        if (length < 0 || length > left) {
            throw new FrameFormatException("message " + number + " at byte " + position + ": metadata length "
                    + length + " is negative or beyond the " + left + " bytes left");
        }
        FlatTable message = FlatTable.root(ipc, position, length, "message " + number);
        position += length;
        short version = message.getShort(0, "version", MetadataVersion.V1);
        if (version < MetadataVersion.V4 || version > MetadataVersion.V5) {
            throw new FrameFormatException("message " + number + ": metadata version " + version
                    + " is not one this reader knows (V4 or V5: " + MetadataVersion.V4 + " or " + MetadataVersion.V5
                    + ")");
        }
        byte type = message.getByte(1, "header_type", MessageHeader.NONE);
        FlatTable header = message.table(2, "header");
        long bodyLength = message.getLong(3, "bodyLength", 0);
        left = ipc.length - position;
        if (bodyLength < 0 || bodyLength > left) {
            throw new FrameFormatException("message " + number + ": body length " + bodyLength
                    + " is negative or beyond the " + left + " bytes left at byte " + position);
        }
        if (header == null) {
            throw new FrameFormatException("message " + number + " has no header");
        }
        Message m = new Message(number, type, header, position, (int) bodyLength);
        position += (int) bodyLength;
        return m;
    }

    private int readInt(int number, String what) {
        if (ipc.length - position < 4) {
            throw new FrameFormatException("message " + number + ": the stream ends at byte " + ipc.length
                    + " inside " + what + ", before its end-of-stream marker (cut short?)");
        }
        int v = bytes.getInt(position);
        position += 4;
        return v;
    }

    /** Checks that nothing follows the end-of-stream marker {@link #next} returned null at. */
    void requireEnd() {
        if (position != ipc.length) {
            throw new FrameFormatException((ipc.length - position) + " bytes follow the end-of-stream marker, which"
                    + " ends at byte " + position);
        }
    }

    /** Where the next message starts, for messages about corruption found elsewhere. */
    int position() {
        return position;
    }
}
