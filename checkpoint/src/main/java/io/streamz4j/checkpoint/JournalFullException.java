package io.streamz4j.checkpoint;

/**
 * The journal's disk has no room for another element: the element was not journaled and not
 * emitted, so the emitter can retry or shed it knowingly instead of losing it silently.
 */
public final class JournalFullException extends JournalException {
    private static final long serialVersionUID = 1L;

    JournalFullException(String message, Throwable cause) {
        super(message, cause);
    }
}
