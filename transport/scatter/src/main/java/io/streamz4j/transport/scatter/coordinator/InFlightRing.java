package io.streamz4j.transport.scatter.coordinator;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The elements one scattered pipeline has in flight, in slots indexed by {@code seq & mask}: the
 * producer claims the next sequence's slot, encodes the element into it and publishes it; the
 * agent completes slots as results arrive and retires them once their results have left gather.
 * A slot is reused for {@code seq + capacity} only after {@code seq} retired.
 *
 * <p>In flight means scattered and not yet retired. The producer may claim while fewer than
 * {@code limit} are in flight and the oldest unretired sequence is less than {@code capacity}
 * behind (in completion order a slow element stops the ring from lapping it).
 *
 * <p>Thread safety: one producer thread (the emitting thread, one at a time, as the engine's
 * contract for a node says) calls {@link #tryClaim} and {@link #publish}; one agent thread calls
 * the rest except the read-only counters, which any thread may read. The hand-offs are single
 * writer counters written with release semantics: {@code published} by the producer,
 * {@code retiredCount} and {@code retiredBelow} by the agent. No lock, and nothing allocated per
 * element once every slot's buffer has grown to its element size.
 */
public final class InFlightRing {
    private static final VarHandle PUBLISHED;
    private static final VarHandle RETIRED_COUNT;
    private static final VarHandle RETIRED_BELOW;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PUBLISHED = lookup.findVarHandle(InFlightRing.class, "published", long.class);
            RETIRED_COUNT = lookup.findVarHandle(InFlightRing.class, "retiredCount", long.class);
            RETIRED_BELOW = lookup.findVarHandle(InFlightRing.class, "retiredBelow", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final InFlightSlot[] slots;
    private final int mask;
    private final int limit;
    /** Retired flags for completion order, where slots retire out of sequence (agent only). */
    private final long[] retiredSeq;

    /** How many sequences were published: the next sequence to claim (producer writes). */
    private volatile long published;
    /** How many sequences retired, in any order (agent writes). */
    private volatile long retiredCount;
    /** Every sequence below this one retired (agent writes). */
    private volatile long retiredBelow;

    /** A ring allowing {@code limit} elements in flight, with the next power of two of slots. */
    public InFlightRing(int limit) {
        if (limit <= 0 || limit > (1 << 24)) {
            throw new IllegalArgumentException("buffer: parameter 'n' must be in [1, 16777216], got " + limit);
        }
        int capacity = Integer.highestOneBit(limit) == limit ? limit : Integer.highestOneBit(limit) << 1;
        this.slots = new InFlightSlot[capacity];
        this.retiredSeq = new long[capacity];
        for (int i = 0; i < capacity; i++) {
            slots[i] = new InFlightSlot();
            retiredSeq[i] = -1;
        }
        this.mask = capacity - 1;
        this.limit = limit;
    }

    public int capacity() {
        return slots.length;
    }

    public int limit() {
        return limit;
    }

    // ------------------------------------------------------------------ producer

    /**
     * The slot for the next sequence if one may be claimed now, else null (the caller waits with
     * its idle strategy and tries again). The slot's previous occupant retired, so its fields are
     * the producer's to write until {@link #publish}.
     */
    public InFlightSlot tryClaim() {
        long seq = published;
        if (seq - (long) RETIRED_COUNT.getAcquire(this) >= limit
                || seq - (long) RETIRED_BELOW.getAcquire(this) >= slots.length) {
            return null;
        }
        InFlightSlot slot = slots[(int) seq & mask];
        slot.seq = seq;
        return slot;
    }

    /**
     * Hands the claimed slot to the agent: every field written before is visible to it once it
     * sees the new count. Volatile (not only ordered), so that the producer's next read of a
     * worker's liveness cannot be reordered before it: either the agent's failover scan sees this
     * slot, or the producer sees the worker dead (see {@code ScatterNode}).
     */
    public void publish(InFlightSlot slot) {
        published = slot.seq + 1;
    }

    // ------------------------------------------------------------------ agent

    /** How many sequences the producer published; every slot below is readable. */
    public long published() {
        return published;
    }

    /** How many sequences retired. */
    public long retiredCount() {
        return retiredCount;
    }

    /** The lowest sequence not retired. */
    public long retiredBelow() {
        return retiredBelow;
    }

    /** Elements scattered whose results have not yet left gather. */
    public long inFlight() {
        return published - retiredCount;
    }

    /** The published, not yet retired slot of {@code seq}, or null (a sequence never sent, or long gone). */
    public InFlightSlot slot(long seq) {
        if (seq < retiredBelow || seq >= published) {
            return null;
        }
        InFlightSlot slot = slots[(int) seq & mask];
        return slot.seq == seq && retiredSeq[(int) seq & mask] != seq ? slot : null;
    }

    /**
     * Marks {@code seq} completed (a result was taken for it) and returns its slot, or null when
     * it is not in flight or was completed already: a duplicate, which the caller drops.
     */
    public InFlightSlot complete(long seq) {
        InFlightSlot slot = slot(seq);
        if (slot == null || slot.completed()) {
            return null;
        }
        slot.completedSeq = seq;
        return slot;
    }

    /**
     * Retires {@code seq}, whose result left gather (or was dropped): its slot may be claimed
     * again once every older sequence retired too. Lets go of the element and key it held.
     */
    public void retire(long seq) {
        int index = (int) seq & mask;
        InFlightSlot slot = slots[index];
        slot.element = null;
        slot.key = null;
        retiredSeq[index] = seq;
        long below = retiredBelow;
        while (below < published && retiredSeq[(int) below & mask] == below) {
            below++;
        }
        RETIRED_BELOW.setRelease(this, below);
        RETIRED_COUNT.setRelease(this, retiredCount + 1);
    }
}
