package io.streamz4j.checkpoint;

/**
 * The journal could not do what was asked: append, read back or store a checkpoint. The message
 * names the journal's directory and, where one is involved, the element's journal index.
 */
public class JournalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }

    public JournalException(String message) {
        super(message);
    }
}
