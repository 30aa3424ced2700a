package io.streamz4j.core;

import io.streamz4j.Metadata;
import io.streamz4j.Tuple;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The elements that {@code partition_unique} and {@code timed_window_unique} hold: one per key, in
 * the order the keys were first seen, each with its metadata retained while held. With
 * {@link PartitionUnique.Keep#FIRST} a key's first element stays; with {@code LAST} a newer one
 * replaces it and its key moves to the end, as streamz's dict pop-and-insert does.
 *
 * <p>Thread safety: none; used by its node's thread only.
 */
public final class KeyedHold {
    private final PartitionUnique.Keep keep;
    private final LinkedHashMap<Object, Object> values = new LinkedHashMap<>();
    private final LinkedHashMap<Object, List<Map<String, Object>>> metadata = new LinkedHashMap<>();

    public KeyedHold(PartitionUnique.Keep keep) {
        this.keep = keep;
    }

    /** Holds {@code x} under {@code key}, retaining its metadata, unless the key's first is kept. */
    public void offer(Object key, Object x, List<Map<String, Object>> md) {
        if (keep == PartitionUnique.Keep.LAST || !values.containsKey(key)) {
            values.remove(key);
            Metadata.release(metadata.remove(key), 1);
            values.put(key, x);
            metadata.put(key, md);
            Metadata.retain(md, 1);
        }
    }

    public int size() {
        return values.size();
    }

    /** Empties the hold, releasing every held element's references once; returns how many it held. */
    public int releaseAll() {
        int held = values.size();
        for (List<Map<String, Object>> md : metadata.values()) {
            Metadata.release(md, 1);
        }
        values.clear();
        metadata.clear();
        return held;
    }

    /**
     * Empties the hold into {@code emitter}: the held values as one tuple and their metadata
     * flattened into one list, which holds one reference the emitter must release.
     */
    public void drainTo(BiConsumer<Object, List<Map<String, Object>>> emitter) {
        Tuple<Object> tuple = Tuple.wrap(values.values().toArray());
        List<Map<String, Object>> combined = Metadata.flatten(new ArrayList<>(metadata.values()));
        values.clear();
        metadata.clear();
        emitter.accept(tuple, combined);
    }
}
