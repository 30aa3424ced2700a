package io.streamz4j.record;

import java.nio.ByteOrder;
import java.util.function.ToLongFunction;

import org.agrona.DirectBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;

/**
 * Keys for keyed record operators ({@link RecordWindow#keyedBy}): a record's field read as a
 * {@code long} without allocating, so per-key state lives in primitive maps. A key of up to eight
 * ASCII characters (a symbol) packs into one long, a character per byte, so distinct symbols give
 * distinct keys and {@link #toAscii(long)} gives the symbol back for display.
 *
 * <pre>{@code
 * ToLongFunction<TickDecoder> symbol =
 *         RecordKeys.ascii(TickDecoder.symbolEncodingOffset(), TickDecoder.symbolLength());
 * }</pre>
 *
 * <p>Thread safety: stateless; the functions it returns hold only their field's place and may be
 * called from any thread, reading only the record they are given.
 */
public final class RecordKeys {
    /** The most characters a key holds: one per byte of a long. */
    public static final int MAX_ASCII_LENGTH = Long.BYTES;

    private RecordKeys() {
    }

    /**
     * The fixed-length ASCII field of {@code length} bytes (1 to 8) at {@code fieldOffset} from the
     * start of the record's block (the generated decoder's {@code xxxEncodingOffset()}), packed into
     * a long: character {@code i} in bits {@code 8i} to {@code 8i + 7}. Two fields of the same
     * length give the same key exactly when their bytes are equal. Allocates nothing per call.
     *
     * @throws IllegalArgumentException if {@code fieldOffset} is negative or {@code length} is not
     *         between 1 and 8
     */
    public static <D extends MessageDecoderFlyweight> ToLongFunction<D> ascii(int fieldOffset, int length) {
        if (fieldOffset < 0) {
            throw new IllegalArgumentException("RecordKeys.ascii: parameter 'fieldOffset' must not be negative, got "
                    + fieldOffset);
        }
        if (length < 1 || length > MAX_ASCII_LENGTH) {
            throw new IllegalArgumentException("RecordKeys.ascii: parameter 'length' must be between 1 and "
                    + MAX_ASCII_LENGTH + " (the bytes of a long), got " + length);
        }
        if (length == MAX_ASCII_LENGTH) {
            // One little-endian read puts character i in byte i, as the loop below does.
            return record -> record.buffer().getLong(record.offset() + fieldOffset, ByteOrder.LITTLE_ENDIAN);
        }
        return record -> pack(record.buffer(), record.offset() + fieldOffset, length);
    }

    /**
     * The characters of a key {@link #ascii} made, for display: its bytes as ASCII, trailing NULs
     * (SBE's padding, and the bytes beyond a field shorter than eight) left out. Allocates the string.
     */
    public static String toAscii(long key) {
        int length = MAX_ASCII_LENGTH;
        while (length > 0 && (key >>> (8 * (length - 1)) & 0xFF) == 0) {
            length--;
        }
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = (char) (key >>> (8 * i) & 0xFF);
        }
        return new String(chars);
    }

    private static long pack(DirectBuffer buffer, int offset, int length) {
        long key = 0;
        for (int i = 0; i < length; i++) {
            key |= (buffer.getByte(offset + i) & 0xFFL) << (8 * i);
        }
        return key;
    }
}
