package io.streamz4j.core;

import io.streamz4j.Arguments;
import io.streamz4j.Metadata;
import io.streamz4j.Stream;
import io.streamz4j.runtime.EventLoop;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * streamz's {@code unique}: passes an element only if its key has not been seen. The history is
 * unbounded, or an LRU of the {@code maxsize} most recently seen keys, where seeing a key again
 * refreshes it (streamz's zict LRU). With {@code hashable} false the history is a list compared
 * with {@link Objects#deepEquals}, for keys whose hash codes are unusable.
 *
 * <p>Thread safety: runs on the thread that emits into its upstream. Keeps keys, not elements or
 * their references; its {@link NodeContents} are those keys, least recently seen first, so a
 * restored node passes nothing it had already seen.
 */
public final class Unique<T> extends Stream<T> implements NodeContents {
    private final int maxsize;
    private final Function<? super T, ?> key;
    private final Map<Object, Boolean> seen;
    private final List<Object> seenList;

    /** {@code maxsize} 0 keeps all history. */
    public Unique(Stream<? extends T> upstream, int maxsize, Function<? super T, ?> key, boolean hashable) {
        super(null, checked(upstream, key));
        this.maxsize = maxsize;
        this.key = key;
        if (!hashable) {
            this.seen = null;
            this.seenList = new ArrayList<>();
        } else if (maxsize > 0) {
            this.seen = new LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<Object, Boolean> eldest) {
                    return size() > maxsize;
                }
            };
            this.seenList = null;
        } else {
            this.seen = new HashMap<>();
            this.seenList = null;
        }
    }

    /** Rejects a null key before the base constructor connects the node to {@code upstream}. */
    private static Stream<?> checked(Stream<?> upstream, Function<?, ?> key) {
        Arguments.requireNonNull(key, "unique", "key");
        return upstream;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        Object k = applyUserFunction(key, (T) x);
        if (firstSighting(k)) {
            Stream<?> next = soleDownstream(metadata);
            if (next != null) {
                next.update(x, this, metadata);
            } else {
                emitDownstream(x, metadata);
            }
        }
    }

    /** Records {@code k} as most recently seen; true if it was not in the history. */
    private boolean firstSighting(Object k) {
        if (seen != null) {
            // get, not containsKey: in the LRU a hit must refresh the key.
            if (seen.get(k) != null) {
                return false;
            }
            seen.put(k, Boolean.TRUE);
            return true;
        }
        boolean fresh = true;
        for (int i = 0; i < seenList.size(); i++) {
            if (Objects.deepEquals(seenList.get(i), k)) {
                seenList.remove(i);
                fresh = false;
                break;
            }
        }
        seenList.add(0, k);
        if (maxsize > 0 && seenList.size() > maxsize) {
            seenList.subList(maxsize, seenList.size()).clear();
        }
        return fresh;
    }

    /** One group: the history's keys, least recently seen first. */
    @Override
    public List<List<Object>> heldValues() {
        List<Object> keys;
        if (seen != null) {
            keys = new ArrayList<>(seen.keySet());
        } else {
            keys = new ArrayList<>(seenList);
            Collections.reverse(keys); // the list keeps the most recent first
        }
        return List.of(keys);
    }

    /** Keys are not elements: nothing is held. */
    @Override
    public List<Map<String, Object>> heldMetadata() {
        return Metadata.NONE;
    }

    /** Replaces the history with the keys of one group, least recently seen first. */
    @Override
    public void restoreHeld(List<List<Object>> groups) {
        Arguments.requireNonNull(groups, "unique", "groups");
        if (groups.size() > 1) {
            throw new IllegalArgumentException(this + ": restores at most one group of keys, got " + groups.size());
        }
        if (seen != null) {
            seen.clear();
        } else {
            seenList.clear();
        }
        for (List<Object> keys : groups) {
            for (Object k : keys) {
                firstSighting(k);
            }
        }
    }

    @Override
    public EventLoop contentsLoop() {
        return runningLoop();
    }

    @Override
    protected String kind() {
        return "unique";
    }
}
