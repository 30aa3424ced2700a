package io.streamz4j.transport.scatter.coordinator;

import io.streamz4j.transport.scatter.GatherOrder;

import java.util.ArrayList;
import java.util.List;

/**
 * Gather's side of a scattered pipeline: holds each sequence's results until they may leave.
 * In scatter order a result waits in its slot ({@code seq & mask}, the in-flight ring's
 * indexing) until every older sequence has left; in completion order it leaves at once. Each
 * sequence leaves once: a second result for it (a resend's) is a duplicate, dropped and counted.
 *
 * <p>Thread safety: the agent thread alone. The value lists are kept per slot and cleared after
 * use, so a warm ring allocates nothing per element.
 */
public final class ReorderRing {
    /** Where the results of a sequence go, in sequence order or completion order. */
    @FunctionalInterface
    public interface Release {
        /**
         * {@code values} (possibly none: filtered out) of {@code seq} leave gather now, or, when
         * {@code failure} is not null, the element failed (its function threw, or it was lost).
         */
        void release(long seq, List<Object> values, RuntimeException failure);
    }

    private final GatherOrder order;
    private final int mask;
    private final long[] readySeq;
    private final ArrayList<Object>[] values;
    private final RuntimeException[] failures;
    private final Release release;
    private long nextToRelease;

    @SuppressWarnings("unchecked")
    public ReorderRing(int capacity, GatherOrder order, Release release) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ReorderRing: capacity must be a power of two, got " + capacity);
        }
        this.order = order;
        this.mask = capacity - 1;
        this.readySeq = new long[capacity];
        this.values = new ArrayList[capacity];
        this.failures = new RuntimeException[capacity];
        for (int i = 0; i < capacity; i++) {
            readySeq[i] = -1;
            values[i] = new ArrayList<>(4);
        }
        this.release = release;
    }

    /** The empty list to put {@code seq}'s result values in before {@link #ready}. */
    public List<Object> valuesFor(long seq) {
        ArrayList<Object> list = values[(int) seq & mask];
        list.clear();
        return list;
    }

    /**
     * {@code seq}'s element failed with {@code failure}: it leaves in its turn like a result, so
     * the error handler hears of failures in the order results leave.
     */
    public void failed(long seq, RuntimeException failure) {
        int index = (int) seq & mask;
        values[index].clear();
        failures[index] = failure;
        ready(seq);
    }

    /**
     * {@code seq}'s values are in place: in completion order they leave now; in scatter order
     * they and every held sequence after them leave once nothing older is missing.
     */
    public void ready(long seq) {
        int index = (int) seq & mask;
        if (order == GatherOrder.COMPLETION_ORDER) {
            release(seq, index);
            return;
        }
        readySeq[index] = seq;
        while (readySeq[(int) nextToRelease & mask] == nextToRelease) {
            int at = (int) nextToRelease & mask;
            long released = nextToRelease;
            nextToRelease++;
            release(released, at);
        }
    }

    private void release(long seq, int index) {
        ArrayList<Object> list = values[index];
        RuntimeException failure = failures[index];
        failures[index] = null;
        release.release(seq, list, failure);
        list.clear();
    }

    /** The oldest sequence not yet released (scatter order). */
    public long nextToRelease() {
        return nextToRelease;
    }
}
