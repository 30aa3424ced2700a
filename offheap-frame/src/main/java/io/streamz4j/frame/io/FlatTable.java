package io.streamz4j.frame.io;

import io.streamz4j.frame.io.FrameFormatException;
import io.streamz4j.frame.Schema;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One table of a flatbuffer (the metadata of an Arrow IPC message), read with every offset checked
 * against the metadata's bounds before it is followed. The generated flatbuffer classes read
 * blindly, so corrupt metadata makes them throw from deep inside or return vector lengths in the
 * billions; here corrupt metadata gives a {@link FrameFormatException} naming the table and field,
 * and a vector's length is trusted only once the whole vector is known to lie inside the metadata,
 * which bounds every loop over it by the input's size.
 *
 * <p>Fields are addressed by their slot: their position in the table's declaration in Arrow's
 * {@code Message.fbs}/{@code Schema.fbs} (a union takes two slots, its type and its value).
 *
 * <p>Thread safety: confined to the thread decoding the message.
 */
final class FlatTable {
    private final ByteBuffer metadata;
    private final int start;
    private final int vtable;
    private final int vtableSize;
    private final int tableSize;
    /** What the table is, for messages: "message 2", "message 1 field 3". */
    private final String what;

    private FlatTable(ByteBuffer metadata, int start, String what) {
        this.metadata = metadata;
        this.start = start;
        this.what = what;
        int limit = metadata.limit();
        if (start < 0 || start > limit - 4) {
            throw malformed("the table at byte " + start + " lies outside the " + limit + " bytes of metadata");
        }
        long vt = (long) start - metadata.getInt(start);
        if (vt < 0 || vt > limit - 4) {
            throw malformed("its vtable at byte " + vt + " lies outside the " + limit + " bytes of metadata");
        }
        vtable = (int) vt;
        vtableSize = Short.toUnsignedInt(metadata.getShort(vtable));
        tableSize = Short.toUnsignedInt(metadata.getShort(vtable + 2));
        if (vtableSize < 4 || vtable + vtableSize > limit) {
            throw malformed("its vtable of " + vtableSize + " bytes at byte " + vtable + " overruns the " + limit
                    + " bytes of metadata");
        }
        if (tableSize < 4 || start + tableSize > limit) {
            throw malformed("its " + tableSize + " bytes at byte " + start + " overrun the " + limit
                    + " bytes of metadata");
        }
    }

    /** The root table of {@code metadata} (little-endian, indexed from 0). */
    static FlatTable root(byte[] bytes, int offset, int length, String what) {
        ByteBuffer metadata = ByteBuffer.wrap(bytes, offset, length).slice().order(ByteOrder.LITTLE_ENDIAN);
        if (length < 4) {
            throw new FrameFormatException(what + ": metadata of " + length + " bytes cannot hold a flatbuffer");
        }
        return follow(metadata, 0, what);
    }

    /** The table the offset at {@code position} points to. */
    private static FlatTable follow(ByteBuffer metadata, int position, String what) {
        long target = position + Integer.toUnsignedLong(metadata.getInt(position));
        if (target > metadata.limit() - 4) {
            throw new FrameFormatException(what + ": malformed metadata: the offset at byte " + position
                    + " points to byte " + target + ", outside the " + metadata.limit() + " bytes of metadata");
        }
        return new FlatTable(metadata, (int) target, what);
    }

    /** Where field {@code slot}'s value of {@code size} bytes lies, or -1 if the table leaves it out. */
    private int field(int slot, int size, String name) {
        int entry = 4 + 2 * slot;
        if (entry + 2 > vtableSize) {
            return -1;
        }
        int offset = Short.toUnsignedInt(metadata.getShort(vtable + entry));
        if (offset == 0) {
            return -1;
        }
        if (offset + size > tableSize) {
            throw malformed("its field '" + name + "' at offset " + offset + " overruns the table's " + tableSize
                    + " bytes");
        }
        return start + offset;
    }

    long getLong(int slot, String name, long absent) {
        int p = field(slot, 8, name);
        return p < 0 ? absent : metadata.getLong(p);
    }

    int getInt(int slot, String name, int absent) {
        int p = field(slot, 4, name);
        return p < 0 ? absent : metadata.getInt(p);
    }

    short getShort(int slot, String name, short absent) {
        int p = field(slot, 2, name);
        return p < 0 ? absent : metadata.getShort(p);
    }

    byte getByte(int slot, String name, byte absent) {
        int p = field(slot, 1, name);
        return p < 0 ? absent : metadata.get(p);
    }

    boolean getBool(int slot, String name, boolean absent) {
        int p = field(slot, 1, name);
        return p < 0 ? absent : metadata.get(p) != 0;
    }

    /** The table field {@code slot} points to, or null if absent. */
    FlatTable table(int slot, String name) {
        int p = field(slot, 4, name);
        return p < 0 ? null : follow(metadata, p, what + " " + name);
    }

    /**
     * The number of elements of {@code elementSize} bytes in vector field {@code slot} (0 if absent),
     * after checking the whole vector lies inside the metadata.
     */
    int vectorLength(int slot, int elementSize, String name) {
        int at = vectorAt(slot, name);
        if (at < 0) {
            return 0;
        }
        long length = Integer.toUnsignedLong(metadata.getInt(at));
        if (length * elementSize > metadata.limit() - (at + 4L)) {
            throw malformed("its vector '" + name + "' claims " + length + " elements of " + elementSize
                    + " bytes at byte " + at + ", more than the " + metadata.limit() + " bytes of metadata hold");
        }
        return (int) length;
    }

    /** A long at {@code offset} in struct element {@code i} of vector {@code slot}, checked by {@link #vectorLength}. */
    long structLong(int slot, int i, int elementSize, int offset) {
        return metadata.getLong(vectorAt(slot, null) + 4 + i * elementSize + offset);
    }

    /** The table element {@code i} of vector {@code slot} points to, the vector checked by {@link #vectorLength}. */
    FlatTable tableAt(int slot, int i, String name) {
        return follow(metadata, vectorAt(slot, null) + 4 + 4 * i, what + " " + name);
    }

    /**
     * String field {@code slot} for a message, or null if absent: at most {@code maxBytes} of it
     * decoded (then "..."), so a name of a million bytes costs no more than a short one; malformed
     * UTF-8 shows as U+FFFD.
     */
    String string(int slot, String name, int maxBytes) {
        int length = vectorLength(slot, 1, name);
        int at = vectorAt(slot, name);
        if (at < 0) {
            return null;
        }
        String text = new String(metadata.array(), metadata.arrayOffset() + at + 4, Math.min(length, maxBytes),
                StandardCharsets.UTF_8);
        return length > maxBytes ? text + "..." : text;
    }

    /** Whether string field {@code slot} is present and holds exactly the bytes {@code utf8}. */
    boolean stringEquals(int slot, String name, byte[] utf8) {
        int length = vectorLength(slot, 1, name);
        int at = vectorAt(slot, name);
        int from = metadata.arrayOffset() + at + 4;
        return at >= 0 && length == utf8.length
                && Arrays.equals(metadata.array(), from, from + length, utf8, 0, length);
    }

    /** Where vector field {@code slot}'s length word lies, or -1 if absent. */
    private int vectorAt(int slot, String name) {
        int p = field(slot, 4, name);
        if (p < 0) {
            return -1;
        }
        long target = p + Integer.toUnsignedLong(metadata.getInt(p));
        if (target > metadata.limit() - 4) {
            throw malformed("its vector '" + name + "' at byte " + target + " lies outside the " + metadata.limit()
                    + " bytes of metadata");
        }
        return (int) target;
    }

    private FrameFormatException malformed(String detail) {
        return new FrameFormatException(what + ": malformed metadata: " + detail);
    }
}
