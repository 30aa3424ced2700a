package io.streamz4j.checkpoint;

/**
 * A codec failed to write or read an element; {@link #index()} is the element's journal index
 * (the one it was being given, for a write), also named in the message.
 */
public final class CodecException extends JournalException {
    private static final long serialVersionUID = 1L;

    private final long index;

    CodecException(String message, long index, Throwable cause) {
        super(message, cause);
        this.index = index;
    }

    /** The journal index of the element the codec failed on. */
    public long index() {
        return index;
    }
}
