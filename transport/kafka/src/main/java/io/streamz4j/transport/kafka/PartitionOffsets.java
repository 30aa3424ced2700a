package io.streamz4j.transport.kafka;

/**
 * The emitted and finished offsets of one partition during one assignment of it, giving the
 * position a commit may name: the contiguous low watermark, the first offset of the oldest emitted
 * unit not yet finished, or one past the last emitted offset when every unit is finished. A unit is
 * one record ({@code fromKafka}) or one batch of a partition ({@code fromKafkaBatched}); units finish
 * in any order, but the watermark never passes an unfinished one, so a crash redelivers it rather
 * than losing it (streamz commits each batch's end offset when its count drops, whatever the order,
 * and so can commit past an earlier batch still in flight). Offsets are those emitted, gaps
 * included (compacted topics, transaction markers): no offset is assumed to exist.
 *
 * <p>Units live in a ring indexed by the sequence number {@link #emitted} returns, so finishing one
 * is a store, not a search; the ring doubles when more units are in flight than it holds.
 *
 * <p>Thread safety: {@link #emitted} and {@link #commitPosition} on the consumer's poll thread,
 * {@link #finished} on any thread (the thread that released an element last); each holds this
 * object's monitor for a few array accesses. Once {@link #forget() forgotten} (the partition was
 * revoked or lost) late completions are ignored: the next owner of the partition starts from the
 * committed offset. Retains one entry per unit in flight.
 */
final class PartitionOffsets {
    private static final int INITIAL_CAPACITY = 64;

    private long[] firstOffsets = new long[INITIAL_CAPACITY];
    private boolean[] done = new boolean[INITIAL_CAPACITY];
    /** Sequence number of the oldest unit in flight. */
    private long head;
    /** Sequence number the next emitted unit gets. */
    private long tail;
    /** One past the last offset emitted; -1 until the first unit. */
    private long emittedEnd = -1;
    private boolean forgotten;
    /** The position last handed to a commit, so an unchanged one is not committed again; poll thread only. */
    private long lastCommitted = -1;

    /**
     * Notes a unit holding offsets {@code firstOffset} to {@code lastOffset} (in offset order, after
     * every unit emitted before) and returns its sequence number for {@link #finished}.
     */
    synchronized long emitted(long firstOffset, long lastOffset) {
        if (tail - head == firstOffsets.length) {
            grow();
        }
        int slot = slot(tail);
        firstOffsets[slot] = firstOffset;
        done[slot] = false;
        emittedEnd = lastOffset + 1;
        return tail++;
    }

    /** Notes that unit {@code sequence} is done with, then moves the watermark past every finished unit at the front. */
    synchronized void finished(long sequence) {
        if (forgotten || sequence < head || sequence >= tail) {
            return; // revoked meanwhile, or already finished (a counter released below zero runs its callback again)
        }
        done[slot(sequence)] = true;
        while (head < tail && done[slot(head)]) {
            head++;
        }
    }

    /** The offset to commit: first unfinished offset, or one past the last emitted; -1 when nothing was emitted. */
    synchronized long watermark() {
        return head < tail ? firstOffsets[slot(head)] : emittedEnd;
    }

    /**
     * The watermark if it moved since the last call that returned one, else -1; poll thread only.
     * A commit that then fails is retried with the next position or at revocation and stop, where
     * {@link #watermark()} is committed regardless.
     */
    long commitPosition() {
        long position = watermark();
        if (position < 0 || position == lastCommitted) {
            return -1;
        }
        lastCommitted = position;
        return position;
    }

    /** Ignores every later completion: the partition is no longer this consumer's. */
    synchronized void forget() {
        forgotten = true;
    }

    /** Units emitted and not yet finished, counted from the oldest unfinished one (finished ones after it included). */
    synchronized int inFlight() {
        return (int) (tail - head);
    }

    private int slot(long sequence) {
        return (int) (sequence & (firstOffsets.length - 1));
    }

    /** Doubles the ring, keeping every unit at the slot its sequence number maps to in the larger ring. */
    private void grow() {
        int capacity = firstOffsets.length * 2;
        long[] firsts = new long[capacity];
        boolean[] dones = new boolean[capacity];
        for (long s = head; s < tail; s++) {
            int from = slot(s);
            int to = (int) (s & (capacity - 1));
            firsts[to] = firstOffsets[from];
            dones[to] = done[from];
        }
        firstOffsets = firsts;
        done = dones;
    }

    @Override
    public synchronized String toString() {
        return "PartitionOffsets[watermark=" + watermark() + ", inFlight=" + (tail - head)
                + (forgotten ? ", forgotten" : "") + "]";
    }
}
