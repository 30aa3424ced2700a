package io.streamz4j.transport.scatter;

/**
 * What a worker's function threw on an element, as the worker reported it: the exception's class
 * name, message and stack trace as text (the exception itself never crosses the wire: nothing
 * received is deserialized into an arbitrary class). The scatter node's error handler receives
 * it with the element; the element is not retried.
 *
 * <p>Thread safety: immutable.
 */
public final class RemoteFailureException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String remoteClass;
    private final String remoteStackTrace;
    private final int worker;

    public RemoteFailureException(int worker, String remoteClass, String message, String remoteStackTrace) {
        super("worker " + worker + " failed: " + remoteClass + (message == null || message.isEmpty() ? "" : ": " + message));
        this.remoteClass = remoteClass;
        this.remoteStackTrace = remoteStackTrace;
        this.worker = worker;
    }

    /** The class name of what the function threw on the worker. */
    public String remoteClass() {
        return remoteClass;
    }

    /** The worker's stack trace of it, as text. */
    public String remoteStackTrace() {
        return remoteStackTrace;
    }

    /** The index of the worker that ran the element. */
    public int worker() {
        return worker;
    }
}
