package io.streamz4j;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Helpers for the metadata that travels beside each element: a list of maps, any of which may hold
 * a {@link RefCounter} under {@link #REF}. Every method is a no-op on {@link #NONE}, so emitting
 * without metadata costs a single identity comparison.
 *
 * <p>Thread safety: stateless; the lists themselves belong to whichever thread emits them.
 */
public final class Metadata {
    /** The key under which a metadata map carries its {@link RefCounter}. */
    public static final String REF = "ref";

    /** The shared empty metadata: what {@code emit(x)} sends. Nodes compare against it by identity. */
    public static final List<Map<String, Object>> NONE = List.of();

    private Metadata() {
    }

    /** Normalises user-supplied metadata: null and empty lists become {@link #NONE}. */
    public static List<Map<String, Object>> of(List<Map<String, Object>> metadata) {
        return metadata == null || metadata.isEmpty() ? NONE : metadata;
    }

    /** A metadata list holding one map with {@code ref} under {@link #REF}. */
    public static List<Map<String, Object>> withRef(RefCounter ref) {
        return List.of(Map.of(REF, ref));
    }

    /** Retains every reference in {@code metadata} {@code n} times. */
    public static void retain(List<Map<String, Object>> metadata, int n) {
        adjust(metadata, n);
    }

    /** Releases every reference in {@code metadata} {@code n} times. */
    public static void release(List<Map<String, Object>> metadata, int n) {
        adjust(metadata, -n);
    }

    /**
     * Retains, once each, the references in {@code metadata} that keep {@code x} itself usable
     * ({@link RefCounter#keepingAlive}) and returns them, or null if there is none: what a sink
     * that keeps {@code x} holds, without holding back a checkpoint or an object {@code x} was only
     * derived from. Release them with {@link #releaseAll}.
     */
    public static List<RefCounter> retainKeepingAlive(List<Map<String, Object>> metadata, Object x) {
        if (metadata == null || metadata == NONE) {
            return null;
        }
        List<RefCounter> retained = null;
        for (Map<String, Object> m : metadata) {
            if (m != null && m.get(REF) instanceof RefCounter ref && ref.keepsAlive(x)) {
                if (retained == null) {
                    retained = new ArrayList<>(1);
                }
                ref.retain();
                retained.add(ref);
            }
        }
        return retained;
    }

    /**
     * Tells every reference in {@code metadata} that {@code node} failed on its element, on a thread
     * the engine runs ({@link RefCounter#failed}).
     */
    public static void failed(List<Map<String, Object>> metadata, Stream<?> node, Throwable error) {
        if (metadata == null || metadata == NONE) {
            return;
        }
        for (Map<String, Object> m : metadata) {
            if (m != null && m.get(REF) instanceof RefCounter ref) {
                ref.failed(node, error);
            }
        }
    }

    /** Releases, once each, the counters {@link #retainKeepingAlive} returned; nothing for null. */
    public static void releaseAll(List<RefCounter> refs) {
        if (refs != null) {
            for (RefCounter ref : refs) {
                ref.release();
            }
        }
    }

    private static void adjust(List<Map<String, Object>> metadata, int delta) {
        if (metadata == null || metadata == NONE || delta == 0) {
            return;
        }
        for (Map<String, Object> m : metadata) {
            if (m != null && m.get(REF) instanceof RefCounter ref) {
                if (delta > 0) {
                    ref.retain(delta);
                } else {
                    ref.release(-delta);
                }
            }
        }
    }

    /**
     * Concatenates several elements' metadata, as streamz does for nodes that emit collections
     * ({@code [m for ml in metadata for m in ml]}). Returns {@link #NONE} when all are empty.
     */
    public static List<Map<String, Object>> flatten(Collection<List<Map<String, Object>>> parts) {
        List<Map<String, Object>> flat = null;
        for (List<Map<String, Object>> part : parts) {
            if (part != null && !part.isEmpty()) {
                if (flat == null) {
                    flat = new ArrayList<>();
                }
                flat.addAll(part);
            }
        }
        return flat == null ? NONE : flat;
    }
}
