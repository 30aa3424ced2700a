package io.streamz4j.transport.scatter.coordinator;

import io.aeron.Publication;
import io.streamz4j.transport.scatter.WireTypes;
import io.streamz4j.transport.scatter.wire.MessageHeader;
import io.streamz4j.transport.scatter.wire.TaskMessage;
import io.streamz4j.transport.scatter.wire.WireWriter;
import org.agrona.concurrent.IdleStrategy;

/**
 * The producer's side of one scattered pipeline: waits while the pipeline has its limit of
 * elements in flight, picks the worker (the key's sticky worker, or the ready one with the fewest
 * in flight), encodes the element once into its in-flight slot as a TASK, publishes the slot to
 * the agent and offers the bytes to the worker's publication. A {@code BACK_PRESSURED},
 * {@code NOT_CONNECTED} or {@code ADMIN_ACTION} offer is retried after the idle strategy: an
 * element is never dropped. With no worker ready the producer waits too, until one joins or the
 * cluster closes. When the chosen worker dies before the offer went through, the producer waits
 * until the agent has taken the element over (resent it elsewhere, after the worker's older
 * elements of the same key), so a key's elements reach its new worker in scatter order.
 *
 * <p>Thread safety: one producer thread at a time (the engine's contract for a node: one thread
 * emits into it at a time). It owns its writer, codec and idle strategy; nothing is allocated per
 * element once the slots' buffers have grown (Aeron's offer of a buffer allocates nothing).
 */
public final class Scatterer {
    private final Coordinator coordinator;
    private final ProgramState program;
    private final IdleStrategy idle;
    private final WireWriter writer = new WireWriter();
    private final WireTypes types;
    private final Dispatch dispatch = new Dispatch();
    /** Offers refused for back pressure, no connection or an admin action, then retried (producer writes). */
    private volatile long offersRetried;

    Scatterer(Coordinator coordinator, ProgramState program, IdleStrategy idle, WireTypes types) {
        this.coordinator = coordinator;
        this.program = program;
        this.idle = idle;
        this.types = types;
    }

    /**
     * Sends {@code element}, dispatched by {@code scatterKey} (ignored when the pipeline is not
     * keyed); returns once it is on its way. Throws what encoding the element throws (a type with
     * no codec), before anything was sent.
     */
    public void scatter(Object scatterKey, Object element) {
        InFlightRing ring = program.ring;
        InFlightSlot slot = ring.tryClaim();
        if (slot == null) {
            slot = awaitSlot(ring);
        }
        Object key = program.dispatchKey(scatterKey);
        writer.wrap(slot.bytes, 0);
        // encoded before a worker is chosen, so an element no codec takes fails at once, even
        // with no worker yet; the addressed worker's uid is written in once it is known. The wire
        // key of an unkeyed stateful pipeline is null: one state on the worker
        TaskMessage.encode(writer, types, 0L, program.id, slot.seq, 1, program.keyed ? key : null, element);
        slot.length = writer.length();
        WorkerState worker = coordinator.directory.workers()[chooseWorker(key)];
        slot.bytes.putLong(MessageHeader.UID_OFFSET, worker.uid);
        slot.key = key;
        slot.element = element;
        slot.worker = worker.index;
        slot.attempt = 1;
        slot.sentNanos = coordinator.clock.nanoTime();
        worker.sent();
        ring.publish(slot);
        offer(slot, worker);
    }

    /**
     * Waits while the pipeline's limit is in flight. The agent unparks this thread as it retires
     * a sequence, so a producer that backed off into a park wakes at once rather than at the end
     * of its park: that wake-up would otherwise add to every round trip at the limit.
     */
    private InFlightSlot awaitSlot(InFlightRing ring) {
        InFlightSlot slot;
        program.waitingProducer = Thread.currentThread();
        try {
            idle.reset();
            while ((slot = ring.tryClaim()) == null) {
                coordinator.requireOpen();
                idle.idle();
            }
        } finally {
            program.waitingProducer = null;
        }
        return slot;
    }

    private int chooseWorker(Object key) {
        int chosen = pick(key);
        if (chosen < 0) {
            idle.reset();
            while ((chosen = pick(key)) < 0) {
                coordinator.requireOpen();
                idle.idle();
            }
        }
        return chosen;
    }

    private int pick(Object key) {
        if (key == null) {
            return dispatch.leastInFlight(coordinator.directory.workers(), program);
        }
        int known = program.keys.workerOf(key);
        if (known >= 0) {
            // a dead worker's key stays until the agent moves it; the element is then taken over
            return known;
        }
        int chosen = dispatch.leastInFlight(coordinator.directory.workers(), program);
        return chosen < 0 ? -1 : program.keys.assign(key, chosen);
    }

    private void offer(InFlightSlot slot, WorkerState worker) {
        Publication publication = worker.publication;
        idle.reset();
        while (true) {
            if (worker.state == WorkerState.DEAD) {
                awaitTakeOver(slot);
                return;
            }
            long position = publication.offer(slot.bytes, 0, slot.length);
            if (position > 0) {
                return;
            }
            if (position == Publication.CLOSED) {
                // the agent closed it: the worker is dead, and the element the agent's to resend
                awaitTakeOver(slot);
                return;
            }
            offersRetried++;
            coordinator.requireOpen();
            idle.idle();
        }
    }

    /** How many offers were refused (back pressure, not connected, admin action) and retried; read from any thread. */
    public long offersRetried() {
        return offersRetried;
    }

    /** Waits until the agent resent (or gave up on) the element of {@code slot}, or it completed. */
    private void awaitTakeOver(InFlightSlot slot) {
        long seq = slot.seq;
        idle.reset();
        while (slot.attempt == 1 && program.ring.retiredBelow() <= seq) {
            coordinator.requireOpen();
            idle.idle();
        }
    }
}
