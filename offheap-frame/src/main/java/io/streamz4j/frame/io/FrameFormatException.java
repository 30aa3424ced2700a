package io.streamz4j.frame.io;

/**
 * Bytes that do not hold a frame of the expected schema: what {@link Frame#fromIpc} throws for an
 * Arrow IPC stream that is malformed (its framing, metadata, lengths, offsets or UTF-8), holds
 * another schema or nulls, or uses an Arrow feature frames do not read (compression, big-endian
 * data). The message names what is wrong: the message, column or buffer, the offending value and
 * the bound it broke. Nothing the read allocated is left behind when it is thrown.
 *
 * <p>An {@link IllegalArgumentException}, as every refusal of a caller's input in streamz4j is.
 *
 * <p>Thread safety: immutable.
 */
public final class FrameFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    FrameFormatException(String message) {
        super(message);
    }

    FrameFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
