package io.streamz4j.transport.scatter.coordinator;

import org.agrona.ExpandableDirectByteBuffer;

/**
 * One element between scatter and gather: its sequence, key and element, the TASK bytes encoded
 * once when it was scattered (resends copy them), and where and how often it was sent.
 *
 * <p>Thread safety: the producer (the thread emitting into scatter) writes every field before
 * {@link InFlightRing#publish} hands the slot over with an ordered write; after that the agent
 * thread alone writes {@link #worker}, {@link #attempt}, {@link #sentNanos} and the completion
 * mark, and the producer only reads {@code worker} and {@code attempt} (volatile) while it waits
 * for a dead target's element to be taken over. The buffer is kept for the slot's lifetime, so a
 * warm ring allocates nothing per element.
 */
public final class InFlightSlot {
    /** The TASK message, header included; grows to the largest element seen, then stays. */
    final ExpandableDirectByteBuffer bytes = new ExpandableDirectByteBuffer(256);
    int length;
    long seq = -1;
    /** The key the element was dispatched by (the scatter key, or the unkeyed marker); null when stateless and unkeyed. */
    Object key;
    /** The element as scattered, for the error handler when it fails or is lost. */
    Object element;
    volatile int worker;
    volatile int attempt;
    /** When the current attempt was sent, on the agent's clock; read for the round trip. */
    volatile long sentNanos;
    /** Set by the agent to {@link #seq} once a result for it was taken (agent only). */
    long completedSeq = -1;

    public long seq() {
        return seq;
    }

    public Object element() {
        return element;
    }

    boolean completed() {
        return completedSeq == seq;
    }
}
