package io.streamz4j.core;

import io.streamz4j.Arguments;
import io.streamz4j.Metadata;
import io.streamz4j.Tuple;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

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

    /** The held values in the order of their keys (one group, for a node's contents). */
    public List<List<Object>> heldValues() {
        return List.of(new ArrayList<>(values.values()));
    }

    /** The held elements' metadata concatenated, in the order of their keys. */
    public List<Map<String, Object>> heldMetadata() {
        return Metadata.flatten(metadata.values());
    }

    /**
     * Replaces the contents (releasing their references) with the values of {@code groups}, as
     * {@link #heldValues()} gave them, keyed again with {@code keyOf}; they hold no references. At
     * most one group of fewer than {@code most} values, else an IllegalArgumentException names
     * {@code node}.
     */
    public void restore(Object node, List<List<Object>> groups, int most, Function<Object, Object> keyOf) {
        Arguments.requireNonNull(groups, String.valueOf(node), "groups");
        if (groups.size() > 1 || (groups.size() == 1 && groups.get(0).size() > most)) {
            throw new IllegalArgumentException(node + ": restores at most one group of at most " + most
                    + " values, got " + groups.size() + " groups");
        }
        releaseAll();
        for (List<Object> group : groups) {
            for (Object x : group) {
                offer(keyOf.apply(x), x, Metadata.NONE);
            }
        }
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
