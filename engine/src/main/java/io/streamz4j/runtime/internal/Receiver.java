package io.streamz4j.runtime.internal;

import io.streamz4j.Stream;

import java.util.List;
import java.util.Map;

/**
 * What a ring or an event loop hands each element to, on its own thread: the node's work for an
 * element that crossed from another thread.
 *
 * <p>Thread safety: called only on the consuming thread.
 */
@FunctionalInterface
public interface Receiver {
    void receive(Object x, Stream<?> who, List<Map<String, Object>> metadata);
}
