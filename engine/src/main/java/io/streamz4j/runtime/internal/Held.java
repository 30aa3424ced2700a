package io.streamz4j.runtime.internal;

import io.streamz4j.Arguments;
import io.streamz4j.Metadata;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A first-in first-out queue of elements and their metadata, held by a node between arrivals
 * (zip buffers, zip_latest's lossless buffer, collect's cache). Unlike {@link java.util.ArrayDeque}
 * it admits null elements, which streams may carry. The node that fills it retains each
 * element's references; whoever takes an element out releases them.
 *
 * <p>Thread safety: confined to its node's thread.
 */
public final class Held {
    private Object[] values = new Object[4];
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>>[] metadata = new List[4];
    private int head;
    private int size;
    /** How many held elements carry metadata; when none, combined metadata is {@link Metadata#NONE}. */
    private int withMetadata;

    public void add(Object value, List<Map<String, Object>> meta) {
        if (size == values.length) {
            grow();
        }
        int tail = (head + size) & (values.length - 1);
        values[tail] = value;
        size++;
        if (meta != Metadata.NONE) {
            // Stored only when there is some: a slot left null means NONE, saving a reference
            // store (and its GC barrier) per element on the common path.
            metadata[tail] = meta;
            withMetadata++;
        }
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public Object peekValue() {
        return values[head];
    }

    public List<Map<String, Object>> peekMetadata() {
        List<Map<String, Object>> m = metadata[head];
        return m == null ? Metadata.NONE : m;
    }

    /** Removes the oldest element; its metadata's references are the caller's to release. */
    public void removeFirst() {
        if (withMetadata > 0 && metadata[head] != null) {
            withMetadata--;
            metadata[head] = null;
        }
        values[head] = null;
        head = (head + 1) & (values.length - 1);
        size--;
    }

    /** Drops the oldest element's metadata, whose references the caller has released. */
    public void forgetFirstMetadata() {
        if (metadata[head] != null) {
            withMetadata--;
            metadata[head] = null;
        }
    }

    /** The held values, oldest first, in a new array. */
    public Object[] valuesArray() {
        Object[] out = new Object[size];
        for (int i = 0; i < size; i++) {
            out[i] = values[(head + i) & (values.length - 1)];
        }
        return out;
    }

    /** The held elements' metadata concatenated, oldest first; {@link Metadata#NONE} if none has any. */
    public List<Map<String, Object>> allMetadata() {
        if (withMetadata == 0) {
            return Metadata.NONE;
        }
        List<List<Map<String, Object>>> parts = Arrays.asList(new List[size]);
        for (int i = 0; i < size; i++) {
            List<Map<String, Object>> m = metadata[(head + i) & (values.length - 1)];
            parts.set(i, m == null ? Metadata.NONE : m);
        }
        return Metadata.flatten(parts);
    }

    /**
     * Replaces the contents with a window's restored elements, whose references a checkpoint
     * already accounted for, so they hold no metadata: {@code groups} (as the window's
     * {@code heldValues()} gave them) must be at most one group of at most {@code most} values,
     * else an IllegalArgumentException names {@code node}.
     */
    public void restoreOneGroup(Object node, List<List<Object>> groups, int most) {
        Arguments.requireNonNull(groups, String.valueOf(node), "groups");
        if (groups.size() > 1 || (groups.size() == 1 && groups.get(0).size() > most)) {
            throw new IllegalArgumentException(node + ": restores at most one group"
                    + (most == Integer.MAX_VALUE ? "" : " of at most " + most + " values") + ", got " + groups.size()
                    + " groups" + (groups.size() == 1 ? " of " + groups.get(0).size() + " values" : ""));
        }
        replaceWith(groups.isEmpty() ? List.of() : groups.get(0));
    }

    /**
     * Replaces the contents (releasing their references) with {@code restored}, oldest first,
     * values a checkpoint already accounted for, so they hold no metadata and later release nothing.
     */
    public void replaceWith(List<Object> restored) {
        releaseAll();
        for (Object value : restored) {
            add(value, Metadata.NONE);
        }
    }

    /** Empties the queue, releasing every held element's references once; returns how many elements it held. */
    public int releaseAll() {
        int held = size;
        Metadata.release(allMetadata(), 1);
        clear();
        return held;
    }

    public void clear() {
        Arrays.fill(values, null);
        Arrays.fill(metadata, null);
        head = 0;
        size = 0;
        withMetadata = 0;
    }

    @SuppressWarnings("unchecked")
    private void grow() {
        Object[] biggerValues = new Object[values.length * 2];
        List<Map<String, Object>>[] biggerMetadata = new List[values.length * 2];
        for (int i = 0; i < size; i++) {
            int from = (head + i) & (values.length - 1);
            biggerValues[i] = values[from];
            biggerMetadata[i] = metadata[from];
        }
        values = biggerValues;
        metadata = biggerMetadata;
        head = 0;
    }
}
