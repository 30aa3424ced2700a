package io.streamz4j.transport.scatter.coordinator;

import io.streamz4j.Stream;
import io.streamz4j.transport.scatter.GatherOrder;
import io.streamz4j.transport.scatter.RemoteFunction;
import io.streamz4j.transport.scatter.wire.ProgramMessage;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * One scattered pipeline as the cluster runs it: its program (the steps workers run, by function
 * name), its in-flight ring and gather's reorder ring, its sticky key table, and the newest
 * accumulate state of each key (the snapshot a survivor resumes from when a worker dies).
 *
 * <p>Thread safety: built on the thread that builds the pipeline and published to the agent
 * through the cluster's program array (a volatile write). Afterwards the producer (the thread
 * emitting into scatter) uses the ring's producer side and the key table; the agent thread alone
 * uses the rest ({@link #states}, the pending moves, the reorder ring). Counters are written by
 * the agent and read anywhere.
 */
public final class ProgramState {
    final int id;
    final List<ProgramMessage.Step> steps;
    final boolean stateful;
    final boolean keyed;
    final InFlightRing ring;
    final ReorderRing reorder;
    final KeyTable keys = new KeyTable();
    /**
     * The node elements fail on (the scatter node: they are its input), for the error handler;
     * null once the pipeline is destroyed, so the cluster does not keep a dead pipeline alive.
     */
    private volatile Stream<?> failingNode;
    /** Where results leave; null once the pipeline is destroyed (see {@link #failingNode}). */
    private volatile Gather<?> gather;

    /** The newest state of each key, from the results in the order they arrived (agent only). */
    final HashMap<Object, Object> states = new HashMap<>();
    /** Keys given a new worker whose table entry is written once their resends went out (agent only). */
    final HashMap<Object, Integer> pendingMoves = new HashMap<>();
    /** The worker each moved key's newest state was restored on (agent only). */
    final HashMap<Object, Integer> restoredTo = new HashMap<>();
    /** Every sequence below this was checked for a dead target after being published (agent only). */
    long scannedUpTo;

    /** Workers that lack one of the program's functions, by index (copy-on-write, agent writes). */
    private volatile boolean[] excluded = new boolean[0];
    /** The producer while it waits for a slot, for the agent to unpark as it retires one; else null. */
    volatile Thread waitingProducer;
    /** Set when the pipeline is destroyed: results that still come are dropped. */
    volatile boolean closed;

    volatile long duplicates;
    volatile long lost;

    ProgramState(int id, List<ProgramMessage.Step> steps, int limit, GatherOrder order, boolean keyed,
            Stream<?> failingNode, Gather<?> gather) {
        this.id = id;
        this.steps = List.copyOf(steps);
        this.stateful = steps.stream().anyMatch(step -> step.kind() == RemoteFunction.Kind.ACCUMULATE.code());
        this.keyed = keyed;
        this.ring = new InFlightRing(limit);
        this.failingNode = failingNode;
        this.gather = gather;
        this.reorder = new ReorderRing(ring.capacity(), order, this::release);
    }

    public int id() {
        return id;
    }

    public InFlightRing ring() {
        return ring;
    }

    /** Results dropped because their sequence had completed already. */
    public long duplicates() {
        return duplicates;
    }

    /** Elements reported lost after {@code maxAttempts} sends. */
    public long lost() {
        return lost;
    }

    /** The key an element is dispatched by: its scatter key, the one unkeyed key when stateful, else none. */
    Object dispatchKey(Object scatterKey) {
        return keyed ? scatterKey : stateful ? KeyTable.UNKEYED : null;
    }

    /**
     * The pipeline was destroyed: results that still come are dropped, and the program lets go of
     * its nodes (the cluster keeps the program itself, whose id stays taken).
     */
    void close() {
        closed = true;
        failingNode = null;
        gather = null;
    }

    /** Whether {@code worker} may take this program's elements now. */
    boolean accepts(WorkerState worker) {
        if (worker.state != WorkerState.READY || worker.programsSent < id) {
            return false;
        }
        boolean[] out = excluded;
        return worker.index >= out.length || !out[worker.index];
    }

    /** Keeps this program away from {@code worker}, which lacks one of its functions (agent only). */
    void exclude(WorkerState worker) {
        boolean[] next = Arrays.copyOf(excluded, Math.max(excluded.length, worker.index + 1));
        next[worker.index] = true;
        excluded = next;
    }

    /**
     * The results of {@code seq} leave gather (in the order the reorder ring says), or its failure
     * goes to the error handler with the element; then its slot retires.
     */
    private void release(long seq, List<Object> values, RuntimeException failure) {
        Stream<?> failing = failingNode;
        Gather<?> out = gather;
        if (failure != null && failing != null) {
            InFlightSlot slot = ring.slot(seq);
            failing.reportFailure(slot == null ? null : slot.element, failure);
        } else if (failure == null && out != null) {
            out.deliver(values);
        }
        ring.retire(seq);
        Thread waiting = waitingProducer;
        if (waiting != null) {
            LockSupport.unpark(waiting);
        }
    }
}
