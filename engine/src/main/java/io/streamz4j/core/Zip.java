package io.streamz4j.core;

import io.streamz4j.Metadata;
import io.streamz4j.Stream;
import io.streamz4j.Tuple;
import io.streamz4j.runtime.EventLoop;
import io.streamz4j.runtime.internal.Held;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * streamz's {@code zip}: emits a tuple once every upstream has produced a new element, pairing
 * the i-th element of each. Arguments that are not streams are literals, placed at their position
 * in every tuple. A stream zipped with itself fills both positions with each of its elements.
 *
 * <p>Thread safety: runs on the thread that emits into whichever upstream is emitting when all
 * upstreams run on one thread; when they run on different threads (a buffer, a loop, a thread-safe
 * source upstream), a multi-producer ring is put in front of it and its own thread runs it.
 * Retains the references of the elements it buffers and releases them once their tuple has been
 * emitted, or when it is destroyed (counting the unmatched ones as dropped). Buffers are unbounded on a single thread; a fast branch with a stalled one grows its
 * buffer. Its {@link NodeContents} are those unmatched elements, one group per distinct upstream
 * (a stream zipped twice has one), read on the emitting thread when the node runs there.
 */
public final class Zip extends Stream<List<Object>> implements NodeContents {
    /** Literal values by their position in the tuple; null where the position is a stream's. */
    private final Object[] literals;
    private final boolean[] isLiteral;
    private final int literalCount;
    private Stream<?>[] sources;
    /** The buffer of each position in {@link #sources}; a stream zipped twice shares one. */
    private Held[] buffers;
    /** Each distinct buffer once, for popping and for metadata. */
    private Held[] distinct;
    /** Elements dropped because the upstream they waited with left (destroy disconnects them first). */
    private long droppedWithUpstreams;
    /** Whether any element with metadata has ever arrived; until then tuples carry none. */
    private boolean anyMetadata;

    private Zip(Stream<?>[] streams, Object[] literals, boolean[] isLiteral) {
        super(null, streams);
        this.literals = literals;
        this.isLiteral = isLiteral;
        int count = 0;
        for (boolean literal : isLiteral) {
            count += literal ? 1 : 0;
        }
        this.literalCount = count;
        rebuild(new Held[0], new Stream<?>[0]);
        gateIfThreadsDiffer();
    }

    /** zip of streams only: a null among {@code others} is an error, not a literal. */
    public static Zip ofStreams(Stream<?> first, Stream<?>[] others) {
        Joins.all(first, others, "zip");
        return of(first, others);
    }

    /** zip of {@code first} and {@code others}, where an element of others that is no stream is a literal. */
    public static Zip of(Stream<?> first, Object[] others) {
        if (others == null) {
            throw new IllegalArgumentException("zip: parameter 'others' must not be null");
        }
        List<Stream<?>> streams = new ArrayList<>();
        streams.add(first);
        Object[] literals = new Object[others.length + 1];
        boolean[] isLiteral = new boolean[others.length + 1];
        for (int i = 0; i < others.length; i++) {
            if (others[i] instanceof Stream<?> s) {
                streams.add(s);
            } else {
                literals[i + 1] = others[i];
                isLiteral[i + 1] = true;
            }
        }
        return new Zip(streams.toArray(new Stream<?>[0]), literals, isLiteral);
    }

    @Override
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        if (handedToGate(x, who, metadata)) {
            return;
        }
        if (metadata != Metadata.NONE) {
            Metadata.retain(metadata, 1);
            anyMetadata = true;
        }
        Held buffer = buffers[positionOf(who)];
        buffer.add(x, metadata);
        if (buffer.size() != 1 || !allFilled()) {
            return;
        }
        Tuple<Object> tuple = Tuple.wrap(head());
        List<Map<String, Object>> combined = headMetadata();
        for (Held held : distinct) {
            held.removeFirst();
        }
        Stream<?> next = soleDownstream(combined);
        if (next != null) {
            next.update(tuple, this, combined);
        } else {
            emitDownstream(tuple, combined);
        }
        Metadata.release(combined, 1);
    }

    private int positionOf(Stream<?> who) {
        for (int i = 0; i < sources.length; i++) {
            if (sources[i] == who) {
                return i;
            }
        }
        throw new IllegalStateException(this + " received an element from " + who + ", which is not its upstream");
    }

    private boolean allFilled() {
        for (Held held : distinct) {
            if (held.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** The oldest element of every position, with the literals in their places. */
    private Object[] head() {
        int width = sources.length + literalCount;
        Object[] out = new Object[width];
        if (literalCount == 0) {
            Held[] held = buffers;
            for (int i = 0; i < width; i++) {
                out[i] = held[i].peekValue();
            }
            return out;
        }
        int stream = 0;
        for (int slot = 0; slot < width; slot++) {
            if (slot < isLiteral.length && isLiteral[slot]) {
                out[slot] = literals[slot];
            } else {
                out[slot] = buffers[stream++].peekValue();
            }
        }
        return out;
    }

    private List<Map<String, Object>> headMetadata() {
        if (!anyMetadata) {
            return Metadata.NONE;
        }
        List<Map<String, Object>> combined = null;
        for (Held held : distinct) {
            List<Map<String, Object>> m = held.peekMetadata();
            if (m != Metadata.NONE) {
                if (combined == null) {
                    combined = new ArrayList<>();
                }
                combined.addAll(m);
            }
        }
        return combined == null ? Metadata.NONE : combined;
    }

    @Override
    protected long releaseHeld() {
        long dropped = droppedWithUpstreams;
        for (Held held : distinct) {
            dropped += held.releaseAll();
        }
        return dropped;
    }

    @Override
    public List<List<Object>> heldValues() {
        List<List<Object>> groups = new ArrayList<>(distinct.length);
        for (Held held : distinct) {
            groups.add(Arrays.asList(held.valuesArray()));
        }
        return groups;
    }

    @Override
    public List<Map<String, Object>> heldMetadata() {
        List<List<Map<String, Object>>> parts = new ArrayList<>(distinct.length);
        for (Held held : distinct) {
            parts.add(held.allMetadata());
        }
        return Metadata.flatten(parts);
    }

    @Override
    public void restoreHeld(List<List<Object>> groups) {
        Joins.requireGroups(this, groups, distinct.length, false);
        for (int i = 0; i < distinct.length; i++) {
            distinct[i].replaceWith(groups.get(i));
        }
    }

    /** The loop running the node, if one does; none when a ring's thread runs it (its upstreams' threads differ). */
    @Override
    public EventLoop contentsLoop() {
        return runningLoop();
    }

    @Override
    protected void addUpstream(Stream<?> upstream) {
        super.addUpstream(upstream);
        rebuild(buffers, sources);
    }

    @Override
    protected void removeUpstream(Stream<?> upstream) {
        super.removeUpstream(upstream);
        rebuild(buffers, sources);
    }

    /** Recomputes the per-position buffers from the upstreams, keeping those of streams still present. */
    private void rebuild(Held[] oldBuffers, Stream<?>[] oldSources) {
        List<Stream<?>> ups = upstreams();
        Stream<?>[] newSources = ups.toArray(new Stream<?>[0]);
        Held[] newBuffers = new Held[newSources.length];
        List<Held> unique = new ArrayList<>();
        for (int i = 0; i < newSources.length; i++) {
            Held found = find(newSources, newBuffers, i, newSources[i]);
            if (found == null) {
                found = find(oldSources, oldBuffers, oldSources.length, newSources[i]);
            }
            if (found == null) {
                found = new Held();
            }
            if (!unique.contains(found)) {
                unique.add(found);
            }
            newBuffers[i] = found;
        }
        for (Held old : oldBuffers) {
            if (!unique.contains(old)) {
                droppedWithUpstreams += old.releaseAll();
            }
        }
        sources = newSources;
        buffers = newBuffers;
        distinct = unique.toArray(new Held[0]);
    }

    private static Held find(Stream<?>[] in, Held[] buffers, int before, Stream<?> stream) {
        for (int i = 0; i < before; i++) {
            if (in[i] == stream) {
                return buffers[i];
            }
        }
        return null;
    }

    @Override
    protected String kind() {
        return "zip";
    }

    @Override
    public String graphShape() {
        return "triangle";
    }
}
