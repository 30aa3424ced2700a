package io.streamz4j.frame.io;

import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Field;
import io.streamz4j.frame.io.FrameFormatException;

import org.apache.arrow.flatbuf.Precision;
import org.apache.arrow.flatbuf.TimeUnit;
import org.apache.arrow.flatbuf.Type;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * How one column of a frame lies in the record batches of an Arrow IPC stream: read from the
 * column's field in the stream's schema message, after checking that field against the frame
 * schema's (its name, an Arrow type the column type reads from, no children). Strings may be plain
 * or dictionary-encoded UTF-8; every other type is read only from the Arrow type frames export it
 * as, so nothing is converted on the way in.
 *
 * <p>Thread safety: immutable.
 */
record IpcLayout(Kind kind, int width, boolean signed, long dictionaryId) {
    /** How much of a name from the stream a message shows. */
    static final int NAME_BYTES = 64;

    /** The buffers a column of each kind has in a record batch. */
    enum Kind {
        /** validity, data of {@code width} bytes per row */
        FIXED,
        /** validity, data of one bit per row */
        BITS,
        /** validity, int32 offsets, UTF-8 data */
        UTF8,
        /** validity, indices of {@code width} bytes into a dictionary of UTF-8 strings */
        DICTIONARY
    }

    int buffers() {
        return kind == Kind.UTF8 ? 3 : 2;
    }

    /**
     * The layout of the column {@code want}, after checking the stream's field for it has its name
     * and an Arrow type it may be read from.
     */
    static IpcLayout of(Field want, FlatTable field) {
        if (!field.stringEquals(0, "name", want.name().getBytes(StandardCharsets.UTF_8))) {
            throw new FrameFormatException("Arrow column '" + field.string(0, "name", NAME_BYTES)
                    + "' where schema column '" + want.name() + "' was expected");
        }
        byte typeType = field.getByte(2, "type_type", Type.NONE);
        FlatTable type = field.table(3, "type");
        FlatTable encoding = field.table(4, "dictionary");
        if (field.vectorLength(5, 4, "children") != 0) {
            throw mismatch(want, typeType, type, " with children");
        }
        if (want.type() == ColumnType.STRING) {
            if (typeType != Type.Utf8) {
                throw mismatch(want, typeType, type, "");
            }
            if (encoding == null) {
                return new IpcLayout(Kind.UTF8, 0, false, 0);
            }
            long id = encoding.getLong(0, "id", 0);
            FlatTable indexType = encoding.table(1, "indexType");
            int bits = indexType == null ? 32 : indexType.getInt(0, "bitWidth", 0);
            boolean signed = indexType == null || indexType.getBool(1, "is_signed", false);
            if (bits != 8 && bits != 16 && bits != 32 && bits != 64) {
                throw new FrameFormatException("column '" + want.name() + "': dictionary indices of " + bits
                        + " bits (8, 16, 32 or 64 expected)");
            }
            return new IpcLayout(Kind.DICTIONARY, bits / 8, signed, id);
        }
        if (encoding != null) {
            throw mismatch(want, typeType, type, ", dictionary-encoded");
        }
        if (!fits(want.type(), typeType, type)) {
            throw mismatch(want, typeType, type, "");
        }
        return want.type() == ColumnType.BOOLEAN ? new IpcLayout(Kind.BITS, 0, false, 0)
                : new IpcLayout(Kind.FIXED, want.type().width(), false, 0);
    }

    private static boolean fits(ColumnType want, byte typeType, FlatTable type) {
        switch (want) {
            case INT:
            case LONG:
                return typeType == Type.Int && type != null && type.getInt(0, "bitWidth", 0) == 8 * want.width()
                        && type.getBool(1, "is_signed", false);
            case DOUBLE:
                return typeType == Type.FloatingPoint && type != null
                        && type.getShort(0, "precision", Precision.HALF) == Precision.DOUBLE;
            case BOOLEAN:
                return typeType == Type.Bool;
            case TIMESTAMP:
                return typeType == Type.Timestamp && type != null
                        && type.getShort(0, "unit", TimeUnit.SECOND) == TimeUnit.NANOSECOND
                        && type.string(1, "timezone", 0) == null;
            default:
                return false;
        }
    }

    private static FrameFormatException mismatch(Field want, byte typeType, FlatTable type, String more) {
        return new FrameFormatException("column '" + want.name() + "' should be " + want.type()
                + " but the Arrow column is " + typeName(typeType, type) + more);
    }

    private static String typeName(byte typeType, FlatTable type) {
        String name = typeType >= 0 && typeType < Type.names.length ? Type.name(typeType) : "type #" + typeType;
        if (type == null) {
            return name;
        }
        switch (typeType) {
            case Type.Int:
                return name + "(" + type.getInt(0, "bitWidth", 0) + ", "
                        + (type.getBool(1, "is_signed", false) ? "signed" : "unsigned") + ")";
            case Type.FloatingPoint:
                short precision = type.getShort(0, "precision", Precision.HALF);
                return name + "(" + (precision >= 0 && precision < Precision.names.length ? Precision.name(precision)
                        : "precision #" + precision) + ")";
            case Type.Timestamp:
                short unit = type.getShort(0, "unit", TimeUnit.SECOND);
                return name + "(" + (unit >= 0 && unit < TimeUnit.names.length ? TimeUnit.name(unit) : "unit #" + unit)
                        + ", " + type.string(1, "timezone", NAME_BYTES) + ")";
            default:
                return name;
        }
    }

    /** Dictionary index {@code row} of indices at {@code at} in {@code ipc} ({@code bytes} over it, little-endian). */
    long index(byte[] ipc, ByteBuffer bytes, int at, int row) {
        switch (width) {
            case 1:
                return signed ? ipc[at + row] : ipc[at + row] & 0xFF;
            case 2:
                short s = bytes.getShort(at + 2 * row);
                return signed ? s : s & 0xFFFF;
            case 4:
                int i = bytes.getInt(at + 4 * row);
                return signed ? i : Integer.toUnsignedLong(i);
            default:
                return bytes.getLong(at + 8 * row);
        }
    }
}
