package io.streamz4j.checkpoint;

import io.streamz4j.RefCounter;
import io.streamz4j.Stream;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Map;

/**
 * A slot of the {@link CompletionTracker}'s ring: one journaled element between its emit and the
 * moment no node holds it any more. The slot owns the element's {@link RefCounter} (whose callback
 * completes it) and the metadata list carrying it, both made once and reused for every element the
 * slot tracks, so tracking an element allocates nothing. The metadata's one map also carries the
 * slot's {@link JournalPosition} under {@link JournalPosition#KEY}, set to the element's journal
 * index.
 *
 * <p>An element whose delivery failed leaves references retained that nobody will release (see
 * {@code io.streamz4j.ErrorHandler}), next to ones a node still holds and will release later (a
 * buffer on another branch). Before it is delivered again or dead-lettered its counter is
 * retired ({@link Counter#retire}, once: whoever retires it handles the failure) and the slot
 * takes a fresh one, at once for a new delivery or when the slot is next reused: what arrives on
 * the old counter later can then no longer complete this element, nor the one the slot holds
 * next. That costs allocations, on failures only. A failure on a thread the engine runs (a
 * buffer's consumer) reaches the counter ({@link io.streamz4j.RefCounter.FailureListener}) and is
 * handed to the tracker's {@link FailedElsewhere}.
 *
 * <p>Thread safety: {@link #reuse} and {@link #retire} are called by the emitting thread only,
 * {@link #reuse} only once the tracker's cursor has passed the slot's previous element.
 * {@link #complete} and a counter's callbacks may run on any thread (the one whose release
 * brought the count to zero, or where a node failed), the zero callback more than once (a counter
 * released below zero calls again): only the first completion counts. A node that releases an element more times than it retained it is a bug;
 * here, as in streamz, that can complete the element early.
 */
final class InFlight {
    /** Told of a failure of the slot's element on a thread the engine runs; see {@link ElementFailures}. */
    @FunctionalInterface
    interface FailedElsewhere {
        void failed(InFlight slot, Counter counter, Stream<?> node, Throwable error);
    }

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
    /** The element's journal index; written before {@link #sequence} is published. */
    private final JournalPosition position = new JournalPosition();
    /** The element's counter and the metadata carrying it (one map: counter and position); replaced only by {@link #retire}. */
    private RefCounter ref;
    private Map<String, Object> entry;
    private List<Map<String, Object>> metadata;
    private Counter completion;
    @SuppressWarnings("unused") // through DONE
    private volatile boolean done;
    /** Which element (in emission order, from 0) the slot holds; -1 before its first. */
    @SuppressWarnings("unused") // through SEQUENCE
    private long sequence = -1;

    InFlight(CompletionTracker tracker) {
        this.tracker = tracker;
        arm();
    }

    /** A fresh counter at zero, whose reaching zero completes the slot's element until retired. */
    private void arm() {
        completion = new Counter(this);
        ref = new RefCounter(0, completion, completion);
        entry = new SlotMetadata(ref, position);
        metadata = List.of(entry);
    }

    /**
     * Retires the counter and gives the slot a fresh one at zero (the caller retains it to deliver
     * again, or completes the element); the old counter's later releases are ignored. False, and
     * nothing done, if the counter was retired already: the failure was handled elsewhere.
     */
    boolean retire() {
        if (!completion.retire()) {
            return false;
        }
        arm();
        return true;
    }

    /** Makes the slot hold element {@code seq} at journal {@code journalIndex}, held once (by the emitter). */
    void reuse(long seq, long journalIndex) {
        if (completion.retired) {
            arm(); // retired on another thread (a failure there): its late releases stay on the old one
        }
        position.index(journalIndex);
        done = false;
        ref.retain(1 - ref.count());
        SEQUENCE.setRelease(this, seq);
    }

    /** Marks the element done (once): no node holds it any more, or it was dead-lettered. */
    void complete() {
        if (DONE.compareAndSet(this, false, true)) {
            tracker.completed();
        }
    }

    /**
     * The callbacks of one counter of the slot: reaching zero completes the slot's element, a
     * failure on an engine thread goes to the tracker's {@link FailedElsewhere}; neither once the
     * counter is retired.
     */
    static final class Counter implements Runnable, RefCounter.FailureListener {
        private static final VarHandle RETIRED;

        static {
            try {
                RETIRED = MethodHandles.lookup().findVarHandle(Counter.class, "retired", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final InFlight slot;
        private volatile boolean retired;

        Counter(InFlight slot) {
            this.slot = slot;
        }

        /** Retires the counter; true for the one caller that did, which then handles the failure. */
        boolean retire() {
            return RETIRED.compareAndSet(this, false, true);
        }

        @Override
        public void run() {
            if (!retired) {
                slot.complete();
            }
        }

        @Override
        public void failed(Stream<?> node, Throwable error) {
            if (!retired) {
                slot.tracker.failedElsewhere(slot, this, node, error);
            }
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
