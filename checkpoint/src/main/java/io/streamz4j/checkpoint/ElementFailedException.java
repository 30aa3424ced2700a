package io.streamz4j.checkpoint;

/**
 * A node threw on a journaled element under {@link FailurePolicy#failFast()}: names the
 * element's journal index and the node. Thrown by {@code start()} (the original exception as its
 * cause) when the failure happens during replay; added as suppressed to the original exception,
 * which keeps its type, when it happens in {@code emit}.
 */
public final class ElementFailedException extends JournalException {
    private static final long serialVersionUID = 1L;
    private final long index;
    private final String node;

    ElementFailedException(String message, long index, String node, Throwable cause) {
        super(message, cause);
        this.index = index;
        this.node = node;
    }

    /** The journal index of the element that failed. */
    public long index() {
        return index;
    }

    /** The failing node as it prints ({@code <map: parse>}); "no node reported it" when none did. */
    public String node() {
        return node;
    }
}
