package io.streamz4j.transport.scatter.wire;

import io.streamz4j.transport.scatter.RefusedMessageException;
import org.agrona.DirectBuffer;

/**
 * A cursor over one received message that checks every read against the message's end: a length
 * or count that runs past it is refused ({@link RefusedMessageException}) before anything is read
 * or allocated, so garbage can never make it read another message's bytes or allocate more than
 * the message holds. Strings are decoded only when asked for ({@link #readString}); {@link
 * #skipString} passes over one.
 *
 * <p>Thread safety: one thread at a time (the one polling the subscription); it retains the
 * buffer it was wrapped around until wrapped again.
 */
public final class WireReader {
    private DirectBuffer buffer;
    private int position;
    private int limit;

    /** Reads {@code buffer} from {@code offset} up to (not including) {@code limit}. */
    public WireReader wrap(DirectBuffer buffer, int offset, int limit) {
        this.buffer = buffer;
        this.position = offset;
        this.limit = limit;
        return this;
    }

    public DirectBuffer buffer() {
        return buffer;
    }

    public int position() {
        return position;
    }

    public int remaining() {
        return limit - position;
    }

    /** Moves the cursor; {@code newPosition} must lie within the message. */
    public void position(int newPosition) {
        if (newPosition < position || newPosition > limit) {
            throw new RefusedMessageException("position " + newPosition + " outside the message (at " + position
                    + ", ends at " + limit + ")");
        }
        this.position = newPosition;
    }

    /** Refuses unless {@code bytes} more bytes are left in the message. */
    public void require(int bytes, String what) {
        if (bytes < 0 || bytes > limit - position) {
            throw new RefusedMessageException(what + " needs " + bytes + " bytes at offset " + position + ", the message has "
                    + (limit - position) + " left");
        }
    }

    public byte readByte(String what) {
        require(1, what);
        return buffer.getByte(position++);
    }

    public short readShort(String what) {
        require(2, what);
        short value = buffer.getShort(position);
        position += 2;
        return value;
    }

    public int readInt(String what) {
        require(4, what);
        int value = buffer.getInt(position);
        position += 4;
        return value;
    }

    public long readLong(String what) {
        require(8, what);
        long value = buffer.getLong(position);
        position += 8;
        return value;
    }

    public float readFloat(String what) {
        require(4, what);
        float value = buffer.getFloat(position);
        position += 4;
        return value;
    }

    public double readDouble(String what) {
        require(8, what);
        double value = buffer.getDouble(position);
        position += 8;
        return value;
    }

    /**
     * A length or count that must fit in the rest of the message when each unit takes at least
     * {@code minBytesEach} bytes; refused when negative or when it would run past the end.
     */
    public int readLength(int minBytesEach, String what) {
        int length = readInt(what);
        if (length < 0 || (long) length * minBytesEach > limit - position) {
            throw new RefusedMessageException(what + " of " + length + " runs past the message (" + (limit - position)
                    + " bytes left at offset " + position + ")");
        }
        return length;
    }

    /** An int-length-prefixed UTF-8 string. */
    public String readString(String what) {
        int length = readLength(1, what);
        String value = length == 0 ? "" : buffer.getStringWithoutLengthUtf8(position, length);
        position += length;
        return value;
    }

    /** Passes over an int-length-prefixed string without decoding it. */
    public void skipString(String what) {
        int length = readLength(1, what);
        position += length;
    }

    /** Copies {@code length} bytes (checked by the caller with {@link #readLength}) into a new array. */
    public byte[] readBytes(int length) {
        byte[] bytes = new byte[length];
        buffer.getBytes(position, bytes);
        position += length;
        return bytes;
    }

    /** Refuses unless the whole message has been read: trailing bytes mean a malformed message. */
    public void requireEnd(String what) {
        if (position != limit) {
            throw new RefusedMessageException(what + " has " + (limit - position) + " bytes left over at its end");
        }
    }
}
