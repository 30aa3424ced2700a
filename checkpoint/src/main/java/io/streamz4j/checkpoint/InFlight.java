package io.streamz4j.checkpoint;

import io.streamz4j.RefCounter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Map;

/**
 * A slot of the {@link CompletionTracker}'s ring: one journaled element between its emit and the
 * moment no node holds it any more. The slot owns the element's {@link RefCounter} (whose callback
 * it is) and the metadata list carrying it, both made once and reused for every element the slot
 * tracks, so tracking an element allocates nothing. The metadata's one map also carries the slot's
 * {@link JournalPosition} under {@link JournalPosition#KEY}, set to the element's journal index.
 *
 * <p>Thread safety: {@link #reuse} is called by the emitting thread only, and only once the
 * tracker's cursor has passed the slot's previous element. {@link #run()} may be called from any
 * thread (the one whose release brought the count to zero), and more than once (a counter released
 * below zero calls again): only the first call counts. A node that releases an element more times
 * than it retained it is a bug; here, as in streamz, that can complete the element early.
 */
final class InFlight implements Runnable {
    private static final VarHandle DONE;
    private static final VarHandle SEQUENCE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            DONE = lookup.findVarHandle(InFlight.class, "done", boolean.class);
            SEQUENCE = lookup.findVarHandle(InFlight.class, "sequence", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final CompletionTracker tracker;
    private final RefCounter ref;
    /** The element's journal index; written before {@link #sequence} is published. */
    private final JournalPosition position = new JournalPosition();
    /** The metadata's one map: the counter and the position, shared by every element the slot tracks. */
    private final Map<String, Object> entry;
    private final List<Map<String, Object>> metadata;
    @SuppressWarnings("unused") // through DONE
    private volatile boolean done;
    /** Which element (in emission order, from 0) the slot holds; -1 before its first. */
    @SuppressWarnings("unused") // through SEQUENCE
    private long sequence = -1;

    InFlight(CompletionTracker tracker) {
        this.tracker = tracker;
        this.ref = new RefCounter(0, this);
        this.entry = new SlotMetadata(ref, position);
        this.metadata = List.of(entry);
    }

    /** Makes the slot hold element {@code seq} at journal {@code journalIndex}, held once (by the emitter). */
    void reuse(long seq, long journalIndex) {
        position.index(journalIndex);
        done = false;
        ref.retain(1 - ref.count());
        SEQUENCE.setRelease(this, seq);
    }

    @Override
    public void run() {
        if (DONE.compareAndSet(this, false, true)) {
            tracker.completed();
        }
    }

    /** True when the slot holds element {@code seq} and no node holds that element any more. */
    boolean isDone(long seq) {
        return (long) SEQUENCE.getAcquire(this) == seq && done;
    }

    /** True once the slot has held an element whose sequence is below {@code cursor}, or none. */
    boolean isFree(long cursor) {
        return (long) SEQUENCE.getAcquire(this) < cursor;
    }

    long sequence() {
        return (long) SEQUENCE.getAcquire(this);
    }

    long index() {
        return position.index();
    }

    RefCounter ref() {
        return ref;
    }

    /** The element's metadata: one map holding {@link #ref()} under {@code "ref"} and its position. */
    List<Map<String, Object>> metadata() {
        return metadata;
    }

    /** The map of {@link #metadata()}, to append after an element's own metadata maps. */
    Map<String, Object> entry() {
        return entry;
    }
}
