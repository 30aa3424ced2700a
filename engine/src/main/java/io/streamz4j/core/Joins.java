package io.streamz4j.core;

import io.streamz4j.Arguments;
import io.streamz4j.Stream;

import java.util.ArrayList;
import java.util.Collections;
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

    /**
     * Checks that {@code groups}, restored into a join, has one group per upstream, each of at
     * most one value when {@code latestOnly} (a latest element, or none yet); throws
     * IllegalArgumentException naming {@code node} otherwise.
     */
    static void requireGroups(Stream<?> node, List<List<Object>> groups, int upstreams, boolean latestOnly) {
        Arguments.requireNonNull(groups, String.valueOf(node), "groups");
        boolean fits = groups.size() == upstreams;
        for (int i = 0; fits && i < groups.size(); i++) {
            fits = !latestOnly || groups.get(i).size() <= 1;
        }
        if (!fits) {
            throw new IllegalArgumentException(node + ": restores one group per upstream (" + upstreams + ")"
                    + (latestOnly ? ", each of at most one value" : "") + ", got " + groups.size() + " groups");
        }
    }

    /** One group per value of {@code latest}: empty where no element has come yet ({@code unset}). */
    static List<List<Object>> latestGroups(Object[] latest, Object unset) {
        List<List<Object>> groups = new ArrayList<>(latest.length);
        for (Object value : latest) {
            groups.add(value == unset ? List.of() : Collections.singletonList(value));
        }
        return groups;
    }
}
