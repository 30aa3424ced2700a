package io.streamz4j.frame.record;

import io.streamz4j.frame.ColumnType;

/**
 * One field of a record layout as a frame column sees it: its name, where its bytes sit in the
 * message's block, how they are encoded, and the column type they become.
 *
 * <p>Thread safety: immutable.
 *
 * @param name     the field's name in the schema, and the column's
 * @param offset   where the field starts in the message's block (after the 8-byte header)
 * @param length   the field's encoded length in bytes
 * @param encoding how its bytes are read
 * @param type     the column type the values go into
 */
public record RecordField(String name, int offset, int length, Encoding encoding, ColumnType type) {

    /** How a field's bytes are read: SBE's primitive types, and fixed-length character arrays. */
    public enum Encoding {
        /** int8 (and a single char): an INT column. */
        INT8,
        /** uint8: an INT column. */
        UINT8,
        /** int16: an INT column. */
        INT16,
        /** uint16: an INT column. */
        UINT16,
        /** int32: an INT column. */
        INT32,
        /** uint32: a LONG column (it does not fit an int). */
        UINT32,
        /** int64 and uint64 (its bits as they are): a LONG or TIMESTAMP column. */
        INT64,
        /** float: a DOUBLE column. */
        FLOAT,
        /** double: a DOUBLE column. */
        DOUBLE,
        /** a fixed-length character array: a STRING column, the text up to its first NUL. */
        CHARS
    }
}
