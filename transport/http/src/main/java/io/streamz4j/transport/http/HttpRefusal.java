package io.streamz4j.transport.http;

/**
 * Why {@link FromHttpServer} refused a request, with the status it answers: each reason has its
 * own counter in {@link HttpMetrics} and its own log line.
 *
 * <p>Thread safety: immutable.
 */
public enum HttpRefusal {
    /** The path does not match the source's path pattern. */
    NOT_FOUND(404, "path not served"),
    /** Not a POST. */
    METHOD_NOT_ALLOWED(405, "method not allowed"),
    /** The body is longer than {@link HttpOptions#maxBodySize()}. */
    TOO_LARGE(413, "body over the size limit"),
    /** The queue was full: the pipeline is behind; the client is told to retry later. */
    QUEUE_FULL(503, "queue full"),
    /** Every handler thread was busy and {@link HttpOptions#maxPending()} requests waited: the connection is closed unanswered. */
    OVERLOADED(-1, // NO_ANSWER, which an enum constant cannot name before its declaration
            "every handler busy and the backlog full"),
    /** The client took longer than {@link HttpOptions#requestTimeout()} to send its request: the connection is closed unanswered. */
    SLOW_CLIENT(-1, // NO_ANSWER
            "request not sent within the timeout");

    /** The {@link #status()} of a refusal that closes the connection without an answer. */
    public static final int NO_ANSWER = -1;

    private final int status;
    private final String description;

    HttpRefusal(int status, String description) {
        this.status = status;
        this.description = description;
    }

    /** The HTTP status answered, or {@link #NO_ANSWER}. */
    public int status() {
        return status;
    }

    /** The reason as the log line and the answer's body word it. */
    public String description() {
        return description;
    }
}
