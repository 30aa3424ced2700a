package io.streamz4j.core;

import io.streamz4j.Stream;

import java.util.List;
import java.util.Map;

/**
 * Shared argument handling of the nodes that join several streams.
 *
 * <p>Thread safety: stateless.
 */
final class Joins {
    private Joins() {
    }

    /** {@code first} followed by {@code others}, with a clear error for a null among them. */
    static Stream<?>[] all(Stream<?> first, Stream<?>[] others, String node) {
        if (others == null) {
            throw new IllegalArgumentException(node + ": parameter 'others' must not be null");
        }
        Stream<?>[] all = new Stream<?>[others.length + 1];
        all[0] = first;
        for (int i = 0; i < others.length; i++) {
            if (others[i] == null) {
                throw new IllegalArgumentException(node + ": stream " + (i + 1) + " of 'others' is null");
            }
            all[i + 1] = others[i];
        }
        return all;
    }

    /** Position of {@code who} among {@code upstreams} by identity (streamz's upstreams.index). */
    static int indexOf(List<Stream<?>> upstreams, Stream<?> who, Stream<?> node) {
        for (int i = 0; i < upstreams.size(); i++) {
            if (upstreams.get(i) == who) {
                return i;
            }
        }
        throw new IllegalStateException(node + " received an element from " + who + ", which is not its upstream");
    }

    /** True if any element's metadata is not empty, so a combined list must be built. */
    static boolean anyMetadata(List<Map<String, Object>>[] metadata) {
        for (List<Map<String, Object>> m : metadata) {
            if (m != null && !m.isEmpty()) {
                return true;
            }
        }
        return false;
    }
}
