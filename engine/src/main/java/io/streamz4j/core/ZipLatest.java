package io.streamz4j.core;

import io.streamz4j.Metadata;
import io.streamz4j.Stream;
import io.streamz4j.Tuple;
import io.streamz4j.runtime.EventLoop;
import io.streamz4j.runtime.internal.Held;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * streamz's {@code zip_latest}: every element of the lossless stream (the one it was called on),
 * paired with the latest element of each other stream. Lossless elements that arrive before every
 * other stream has produced one wait, in order, and go out together once they all have.
 *
 * <p>Thread safety: runs on the thread that emits into whichever upstream is emitting when all
 * upstreams run on one thread; when they run on different threads (a buffer, a loop, a thread-safe
 * source upstream), a multi-producer ring is put in front of it and its own thread runs it. Holds
 * the references of waiting lossless elements until they are emitted, and of each other stream's
 * latest element until a newer one replaces it. Its {@link NodeContents}: the waiting lossless
 * elements first, then one group per other stream (its latest element, or none yet).
 */
public final class ZipLatest extends Stream<List<Object>> implements NodeContents {
    /** Marks, in {@link #heldValues()}, a stream that has produced nothing yet. */
    private static final Object MISSING = new Object();

    private final Stream<?> lossless;
    private final Held waiting = new Held();
    private final Object[] last;
    private final List<Map<String, Object>>[] lastMetadata;
    private final Set<Stream<?>> missing = Collections.newSetFromMap(new IdentityHashMap<>());

    @SuppressWarnings("unchecked")
    public ZipLatest(Stream<?> lossless, Stream<?>[] others) {
        super(null, Joins.all(lossless, others, "zip_latest"));
        this.lossless = lossless;
        this.last = new Object[others.length + 1];
        this.lastMetadata = new List[others.length + 1];
        java.util.Arrays.fill(lastMetadata, Metadata.NONE);
        missing.addAll(upstreams());
        gateIfThreadsDiffer();
    }

    @Override
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        if (handedToGate(x, who, metadata)) {
            return;
        }
        Metadata.retain(metadata, 1);
        int index = Joins.indexOf(upstreams(), who, this);
        if (who == lossless) {
            waiting.add(x, metadata);
        } else {
            Metadata.release(lastMetadata[index], 1);
            lastMetadata[index] = metadata;
            last[index] = x;
        }
        if (!missing.isEmpty()) {
            missing.remove(who);
        }
        if (!missing.isEmpty()) {
            return;
        }
        while (!waiting.isEmpty()) {
            last[0] = waiting.peekValue();
            lastMetadata[0] = waiting.peekMetadata();
            waiting.removeFirst();
            Tuple<Object> tuple = Tuple.wrap(last.clone());
            List<Map<String, Object>> combined = Joins.anyMetadata(lastMetadata)
                    ? Metadata.flatten(java.util.Arrays.asList(lastMetadata)) : Metadata.NONE;
            Stream<?> next = soleDownstream(combined);
            if (next != null) {
                next.update(tuple, this, combined);
            } else {
                emitDownstream(tuple, combined);
            }
            Metadata.release(lastMetadata[0], 1);
            lastMetadata[0] = Metadata.NONE;
        }
    }

    /**
     * Releases the waiting lossless elements (counted as dropped) and each other stream's latest
     * element (state, not counted).
     */
    @Override
    protected long releaseHeld() {
        for (int i = 0; i < lastMetadata.length; i++) {
            Metadata.release(lastMetadata[i], 1);
            lastMetadata[i] = Metadata.NONE;
            last[i] = null;
        }
        return waiting.releaseAll();
    }

    @Override
    public List<List<Object>> heldValues() {
        Object[] others = Arrays.copyOfRange(last, 1, last.length);
        for (int i = 1; i < last.length; i++) {
            if (missing.contains(upstreams().get(i))) {
                others[i - 1] = MISSING;
            }
        }
        List<List<Object>> groups = new ArrayList<>();
        groups.add(Arrays.asList(waiting.valuesArray()));
        groups.addAll(Joins.latestGroups(others, MISSING));
        return groups;
    }

    @Override
    public List<Map<String, Object>> heldMetadata() {
        List<List<Map<String, Object>>> parts = new ArrayList<>(Arrays.asList(lastMetadata));
        parts.add(waiting.allMetadata());
        return Metadata.flatten(parts);
    }

    /** Takes back the waiting lossless elements and each other stream's latest element. */
    @Override
    public void restoreHeld(List<List<Object>> groups) {
        Joins.requireGroups(this, groups, last.length, false);
        Joins.requireGroups(this, groups.subList(1, groups.size()), last.length - 1, true);
        waiting.replaceWith(groups.get(0));
        missing.clear();
        for (int i = 0; i < last.length; i++) {
            Metadata.release(lastMetadata[i], 1);
            lastMetadata[i] = Metadata.NONE;
            last[i] = null;
            if (i > 0 && groups.get(i).isEmpty()) {
                missing.add(upstreams().get(i));
            } else if (i > 0) {
                last[i] = groups.get(i).get(0);
            }
        }
    }

    /** The loop running the node, if one does; none when a ring's thread runs it (its upstreams' threads differ). */
    @Override
    public EventLoop contentsLoop() {
        return runningLoop();
    }

    @Override
    protected void addUpstream(Stream<?> upstream) {
        throw new UnsupportedOperationException(this + ": streams are joined when zipLatest is built; "
                + "connecting " + upstream + " afterwards is not supported");
    }

    @Override
    protected String kind() {
        return "zip_latest";
    }
}
