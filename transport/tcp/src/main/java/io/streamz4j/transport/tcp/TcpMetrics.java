package io.streamz4j.transport.tcp;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one {@link FromTcp}: messages accepted into its queue, clients disconnected by
 * reason, connections opened and open now. They count over the source's whole life, across
 * restarts.
 *
 * <p>Thread safety: written by the source's accept and connection threads (adders, so no lock on
 * the per-message path), read from any thread; a read sees a recent value.
 */
public final class TcpMetrics {
    private final LongAdder accepted = new LongAdder();
    private final LongAdder[] refused = new LongAdder[TcpRefusal.values().length];
    private final LongAdder connectionsOpened = new LongAdder();
    private final AtomicInteger openConnections = new AtomicInteger();

    TcpMetrics() {
        for (int i = 0; i < refused.length; i++) {
            refused[i] = new LongAdder();
        }
    }

    /** Messages put into the source's queue (each is emitted, at the latest when the source stops). */
    public long accepted() {
        return accepted.sum();
    }

    /** Clients disconnected for {@code reason}. */
    public long refused(TcpRefusal reason) {
        return refused[reason.ordinal()].sum();
    }

    /** Connections served (those refused at the connection limit not included). */
    public long connectionsOpened() {
        return connectionsOpened.sum();
    }

    /** Connections being served now. */
    public int openConnections() {
        return openConnections.get();
    }

    void countAccepted() {
        accepted.increment();
    }

    void countRefused(TcpRefusal reason) {
        refused[reason.ordinal()].increment();
    }

    /** Claims a connection slot: false (nothing changed) when {@code max} connections are open. */
    boolean tryOpen(int max) {
        while (true) {
            int open = openConnections.get();
            if (open >= max) {
                return false;
            }
            if (openConnections.compareAndSet(open, open + 1)) {
                connectionsOpened.increment();
                return true;
            }
        }
    }

    void closed() {
        openConnections.decrementAndGet();
    }

    @Override
    public String toString() {
        return "TcpMetrics{accepted=" + accepted() + ", oversized=" + refused(TcpRefusal.OVERSIZED)
                + ", connectionLimit=" + refused(TcpRefusal.CONNECTION_LIMIT) + ", idle="
                + refused(TcpRefusal.IDLE) + ", opened=" + connectionsOpened() + ", open="
                + openConnections() + '}';
    }
}
