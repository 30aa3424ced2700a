package io.streamz4j.plugin;

/**
 * Registered as node "not_a_stream" although it is no Stream: the registry must reject it, and
 * must do so without running this static initializer.
 *
 * <p>Thread safety: stateless.
 */
public final class NotAStream {
    static {
        LoadProbe.NOT_A_STREAM.incrementAndGet();
    }

    public NotAStream(Object upstream) {
    }
}
