package io.streamz4j.core;

import io.streamz4j.EmitOn;
import io.streamz4j.Metadata;
import io.streamz4j.Stream;
import io.streamz4j.Tuple;
import io.streamz4j.runtime.EventLoop;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * streamz's {@code combine_latest}: once every upstream has produced an element, emits a tuple of
 * the latest element of each whenever one of the {@code emitOn} upstreams (all, by default)
 * produces a new one.
 *
 * <p>A stream joined twice ({@code a.combineLatest(a)}) fills only its first position, so the
 * first tuple that would be emitted fails with an {@link IllegalStateException} naming the stream,
 * at the element where streamz 0.6.4 raises its {@code TypeError}.
 *
 * <p>Thread safety: runs on the thread that emits into whichever upstream is emitting when all
 * upstreams run on one thread; when they run on different threads (a buffer, a loop, a thread-safe
 * source upstream), a multi-producer ring is put in front of it and its own thread runs it. Holds
 * the references of each upstream's latest element until a newer one from that upstream replaces
 * it; its {@link NodeContents} (one group per upstream: its latest element, or none yet) let a
 * checkpoint count and snapshot them, read on the emitting thread when the node runs there.
 */
public final class CombineLatest extends Stream<List<Object>> implements NodeContents {
    /** Marks a position no element has reached yet. */
    private static final Object UNSET = new Object();

    private final List<Object> last = new ArrayList<>();
    private final List<List<Map<String, Object>>> lastMetadata = new ArrayList<>();
    private final Set<Stream<?>> missing = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The upstreams whose elements trigger an emission; null means every upstream. */
    private List<Stream<?>> emitOn;

    public CombineLatest(Stream<?> first, Stream<?>[] others, EmitOn emitOn) {
        super(null, checked(Joins.all(first, others, "combine_latest"), emitOn));
        for (Stream<?> upstream : upstreams()) {
            last.add(UNSET);
            lastMetadata.add(Metadata.NONE);
            missing.add(upstream);
        }
        this.emitOn = emitOn == null ? null : emitOn.resolve(upstreams());
        gateIfThreadsDiffer();
    }

    /**
     * Rejects an {@code emitOn} naming positions the joined streams lack, before the base
     * constructor connects the node to them.
     */
    private static Stream<?>[] checked(Stream<?>[] joined, EmitOn emitOn) {
        if (emitOn != null) {
            emitOn.resolve(List.of(joined));
        }
        return joined;
    }

    /** Changes which upstreams trigger an emission; null means every upstream (streamz: node.emit_on = ...). */
    public void emitOn(EmitOn newEmitOn) {
        this.emitOn = newEmitOn == null ? null : newEmitOn.resolve(upstreams());
    }

    @Override
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        if (handedToGate(x, who, metadata)) {
            return;
        }
        Metadata.retain(metadata, 1);
        int index = Joins.indexOf(upstreams(), who, this);
        Metadata.release(lastMetadata.get(index), 1);
        lastMetadata.set(index, metadata);
        if (!missing.isEmpty()) {
            missing.remove(who);
        }
        last.set(index, x);
        if (missing.isEmpty() && emitsOn(who)) {
            Tuple<Object> tuple = Tuple.wrap(latestOfEach());
            List<Map<String, Object>> combined = Metadata.flatten(lastMetadata);
            Stream<?> next = soleDownstream(combined);
            if (next != null) {
                next.update(tuple, this, combined);
            } else {
                emitDownstream(tuple, combined);
            }
        }
    }

    private Object[] latestOfEach() {
        Object[] items = last.toArray();
        for (int i = 0; i < items.length; i++) {
            if (items[i] == UNSET) {
                throw new IllegalStateException(this + ": " + upstreams().get(i) + " is joined more than once, so "
                        + "position " + i + " is never filled; combine a stream with itself through a map or union");
            }
        }
        return items;
    }

    private boolean emitsOn(Stream<?> who) {
        if (emitOn == null) {
            return true;
        }
        for (Stream<?> s : emitOn) {
            if (s == who) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected void addUpstream(Stream<?> upstream) {
        super.addUpstream(upstream);
        last.add(UNSET);
        lastMetadata.add(Metadata.NONE);
        missing.add(upstream);
    }

    @Override
    protected void removeUpstream(Stream<?> upstream) {
        if (emitOn != null && emitOn.size() == 1 && emitOn.get(0) == upstream) {
            throw new IllegalStateException(this + ": cannot remove " + upstream
                    + ", the only emitOn stream, since nothing would be emitted; change emitOn first");
        }
        int index = Joins.indexOf(upstreams(), upstream, this);
        last.remove(index);
        Metadata.release(lastMetadata.remove(index), 1);
        missing.remove(upstream);
        super.removeUpstream(upstream);
    }

    /** Each upstream's latest element is state: its references are released, and it is not counted. */
    @Override
    protected long releaseHeld() {
        for (int i = 0; i < lastMetadata.size(); i++) {
            Metadata.release(lastMetadata.get(i), 1);
            lastMetadata.set(i, Metadata.NONE);
            last.set(i, UNSET);
        }
        return 0;
    }

    @Override
    public List<List<Object>> heldValues() {
        return Joins.latestGroups(last.toArray(), UNSET);
    }

    @Override
    public List<Map<String, Object>> heldMetadata() {
        return Metadata.flatten(lastMetadata);
    }

    /** Takes back each upstream's latest element; an upstream with none is waited for again. */
    @Override
    public void restoreHeld(List<List<Object>> groups) {
        Joins.requireGroups(this, groups, upstreams().size(), true);
        missing.clear();
        for (int i = 0; i < groups.size(); i++) {
            Metadata.release(lastMetadata.get(i), 1);
            lastMetadata.set(i, Metadata.NONE);
            boolean has = !groups.get(i).isEmpty();
            last.set(i, has ? groups.get(i).get(0) : UNSET);
            if (!has) {
                missing.add(upstreams().get(i));
            }
        }
    }

    /** The loop running the node, if one does; none when a ring's thread runs it (its upstreams' threads differ). */
    @Override
    public EventLoop contentsLoop() {
        return runningLoop();
    }

    @Override
    protected String kind() {
        return "combine_latest";
    }

    @Override
    public String graphShape() {
        return "triangle";
    }
}
