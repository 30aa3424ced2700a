package io.streamz4j.transport.scatter.wire;

import org.agrona.MutableDirectBuffer;

/**
 * A cursor that appends a message's fields to a buffer, growing it when it is expandable (an
 * {@link org.agrona.ExpandableDirectByteBuffer} or {@link org.agrona.ExpandableArrayBuffer}), so a
 * message of any size is written into a buffer the caller keeps and reuses: nothing is allocated
 * per message once the buffer has reached the size of the largest one (strings excepted, which
 * Agrona encodes through a byte array).
 *
 * <p>Thread safety: one thread at a time; it retains the buffer it was wrapped around.
 */
public final class WireWriter {
    private MutableDirectBuffer buffer;
    private int offset;
    private int position;

    /** Writes into {@code buffer} from {@code offset}. */
    public WireWriter wrap(MutableDirectBuffer buffer, int offset) {
        this.buffer = buffer;
        this.offset = offset;
        this.position = offset;
        return this;
    }

    public MutableDirectBuffer buffer() {
        return buffer;
    }

    /** Where the next field goes. */
    public int position() {
        return position;
    }

    /** The bytes written since {@link #wrap}. */
    public int length() {
        return position - offset;
    }

    /** Moves the cursor to {@code newPosition}, after bytes written directly into {@link #buffer()}. */
    public void position(int newPosition) {
        this.position = newPosition;
    }

    /** Starts a message with its header. */
    public WireWriter header(byte type, long workerUid) {
        position = MessageHeader.write(buffer, position, type, workerUid);
        return this;
    }

    public WireWriter putByte(byte value) {
        buffer.putByte(position, value);
        position += 1;
        return this;
    }

    public WireWriter putShort(short value) {
        buffer.putShort(position, value);
        position += 2;
        return this;
    }

    public WireWriter putInt(int value) {
        buffer.putInt(position, value);
        position += 4;
        return this;
    }

    public WireWriter putLong(long value) {
        buffer.putLong(position, value);
        position += 8;
        return this;
    }

    public WireWriter putFloat(float value) {
        buffer.putFloat(position, value);
        position += 4;
        return this;
    }

    public WireWriter putDouble(double value) {
        buffer.putDouble(position, value);
        position += 8;
        return this;
    }

    /** An int length and the string's UTF-8 bytes; null is written as the empty string. */
    public WireWriter putString(String value) {
        position += buffer.putStringUtf8(position, value == null ? "" : value);
        return this;
    }

    /** An int length and the bytes. */
    public WireWriter putBytes(byte[] value) {
        buffer.putInt(position, value.length);
        buffer.putBytes(position + 4, value);
        position += 4 + value.length;
        return this;
    }

    /** Reserves an int to be filled in later with {@link #patchInt}; returns its offset. */
    public int reserveInt() {
        int at = position;
        putInt(0);
        return at;
    }

    public void patchInt(int at, int value) {
        buffer.putInt(at, value);
    }
}
