package io.streamz4j.transport.scatter;

/**
 * An element whose workers died with it as many times as the cluster's {@code maxAttempts}
 * allows: it goes to the error handler instead of being sent again, so a poison element cannot
 * kill every worker in turn.
 *
 * <p>Thread safety: immutable.
 */
public final class ElementLostException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long seq;
    private final int attempts;

    public ElementLostException(long seq, int attempts) {
        super("element " + seq + " lost: the worker died with it on each of " + attempts + " attempts");
        this.seq = seq;
        this.attempts = attempts;
    }

    public long seq() {
        return seq;
    }

    public int attempts() {
        return attempts;
    }
}
