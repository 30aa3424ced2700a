package io.streamz4j.core;

import io.streamz4j.Arguments;
import io.streamz4j.Metadata;
import io.streamz4j.Stream;
import io.streamz4j.runtime.EventLoop;
import io.streamz4j.runtime.internal.RingBoundary;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * streamz's {@code latest}: passes elements on, but when the pipeline below is still busy with an
 * earlier one, keeps only the newest arrival and emits it once the pipeline is free; the
 * intermediate ones are dropped. On a single thread the pipeline below is busy only while a
 * feedback loop re-enters this node; behind a thread boundary (below a buffer, a thread-safe
 * source or a join across threads) it is busy whenever it is slower than the producer: an element
 * that arrives while a newer one already waits in the boundary's ring is held instead of emitted,
 * and goes out only if nothing newer reaches this node before the ring runs empty.
 *
 * <p>Thread safety: runs on the thread that emits into its upstream. Like streamz, it holds the
 * references of the newest element it has seen until a newer one replaces it; its
 * {@link NodeContents} (that element) let a checkpoint count and snapshot it, and a restored one is
 * taken as already emitted.
 */
public final class Latest<T> extends Stream<T> implements NodeContents {
    private Object newest;
    /** Whether {@link #newest} holds an element (which may be null). */
    private boolean holding;
    private List<Map<String, Object>> newestMetadata = Metadata.NONE;
    private boolean waiting;
    private boolean emitting;
    /** The ring whose consumer thread runs this node; null when it runs on the emitting thread. */
    private final RingBoundary behind;

    public Latest(Stream<? extends T> upstream) {
        super(null, upstream);
        this.behind = downstreamDomain() instanceof RingBoundary ring ? ring : null;
        if (behind != null) {
            behind.whenIdle(this::emitHeld);
        }
    }

    @Override
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        Metadata.release(newestMetadata, 1);
        Metadata.retain(metadata, 1);
        newest = x;
        newestMetadata = metadata;
        holding = true;
        waiting = true;
        if (emitting || (behind != null && behind.newerWaiting())) {
            return;
        }
        emitNewest();
    }

    /** Emits the element held back for a newer one that never reached this node; on the ring's thread. */
    private void emitHeld() {
        if (waiting && !emitting && !isDestroyed()) {
            emitNewest();
        }
    }

    private void emitNewest() {
        emitting = true;
        try {
            while (waiting) {
                waiting = false;
                Object value = newest;
                List<Map<String, Object>> valueMetadata = newestMetadata;
                Stream<?> next = soleDownstream(valueMetadata);
                if (next != null) {
                    next.update(value, this, valueMetadata);
                } else {
                    emitDownstream(value, valueMetadata);
                }
            }
        } finally {
            emitting = false;
        }
    }

    /** The newest element is state, already emitted or about to be superseded: released, not counted. */
    @Override
    protected long releaseHeld() {
        Metadata.release(newestMetadata, 1);
        newestMetadata = Metadata.NONE;
        newest = null;
        holding = false;
        waiting = false;
        return 0;
    }

    @Override
    public List<List<Object>> heldValues() {
        return holding ? List.of(Collections.singletonList(newest)) : List.of();
    }

    @Override
    public List<Map<String, Object>> heldMetadata() {
        return newestMetadata;
    }

    /** Takes back the newest element as already emitted: only a newer arrival goes out. */
    @Override
    public void restoreHeld(List<List<Object>> groups) {
        Arguments.requireNonNull(groups, String.valueOf(this), "groups");
        if (groups.size() > 1 || (groups.size() == 1 && groups.get(0).size() != 1)) {
            throw new IllegalArgumentException(this + ": restores no group or one group of one value, got "
                    + groups.size() + " groups");
        }
        Metadata.release(newestMetadata, 1);
        newestMetadata = Metadata.NONE;
        holding = !groups.isEmpty();
        newest = holding ? groups.get(0).get(0) : null;
        waiting = false;
    }

    @Override
    public EventLoop contentsLoop() {
        return runningLoop();
    }

    @Override
    protected String kind() {
        return "latest";
    }

    @Override
    public String graphShape() {
        return "octagon";
    }
}
