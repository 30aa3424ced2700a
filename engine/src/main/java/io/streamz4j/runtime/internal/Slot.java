package io.streamz4j.runtime.internal;

import io.streamz4j.Stream;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A preallocated ring entry carrying one element across threads. The consumer copies the fields
 * out and clears them before acting, so a slot never keeps an element alive after use.
 *
 * <p>Thread safety: written by the producer that claimed the slot, read by the consumer after the
 * ring's publish/consume handshake.
 */
public final class Slot {
    public Receiver receiver;
    public Object value;
    public Stream<?> who;
    public List<Map<String, Object>> metadata;
    public Runnable task;
    /** The future of the {@code emitAsync} that waits on this element; null when none does. */
    public CompletableFuture<Void> awaited;

    public void clear() {
        receiver = null;
        value = null;
        who = null;
        metadata = null;
        task = null;
        awaited = null;
    }
}
