package io.streamz4j.transport.http;

import java.util.concurrent.atomic.LongAdder;

/**
 * The counters of one {@link FromHttpServer}: bodies accepted into its queue and requests refused
 * by reason. They count over the source's whole life, across restarts.
 *
 * <p>Thread safety: written by the server's handler threads (adders, so no lock per request),
 * read from any thread; a read sees a recent value.
 */
public final class HttpMetrics {
    private final LongAdder accepted = new LongAdder();
    private final LongAdder[] refused = new LongAdder[HttpRefusal.values().length];

    HttpMetrics() {
        for (int i = 0; i < refused.length; i++) {
            refused[i] = new LongAdder();
        }
    }

    /** Bodies put into the source's queue and answered 200 (each is emitted, at the latest when the source stops). */
    public long accepted() {
        return accepted.sum();
    }

    /** Requests refused for {@code reason}. */
    public long refused(HttpRefusal reason) {
        return refused[reason.ordinal()].sum();
    }

    void countAccepted() {
        accepted.increment();
    }

    void countRefused(HttpRefusal reason) {
        refused[reason.ordinal()].increment();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("HttpMetrics{accepted=").append(accepted());
        for (HttpRefusal reason : HttpRefusal.values()) {
            s.append(", ").append(reason.name()).append('=').append(refused(reason));
        }
        return s.append('}').toString();
    }
}
