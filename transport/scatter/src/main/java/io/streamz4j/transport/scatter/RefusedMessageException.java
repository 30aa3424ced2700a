package io.streamz4j.transport.scatter;

/**
 * A message, or a value inside one, that cannot be decoded and is therefore refused: a bad header,
 * an unknown message type or value tag, a length that runs past the message, values nested deeper
 * than the limit, a registered codec that throws or returns something other than its type. The
 * message names the reason; the refused bytes are never turned into an object.
 *
 * <p>It carries no stack trace: refusals are an expected outcome of reading from a channel anyone
 * may write to, counted rather than debugged, and a flood of garbage must stay cheap to refuse.
 *
 * <p>Thread safety: immutable.
 */
public final class RefusedMessageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RefusedMessageException(String reason) {
        super(reason, null, false, false);
    }

    public RefusedMessageException(String reason, Throwable cause) {
        super(reason + ": " + cause, cause, false, false);
    }
}
