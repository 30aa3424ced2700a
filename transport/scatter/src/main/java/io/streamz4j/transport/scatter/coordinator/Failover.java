package io.streamz4j.transport.scatter.coordinator;

import io.streamz4j.runtime.Clock;
import io.streamz4j.transport.scatter.ElementLostException;
import io.streamz4j.transport.scatter.WireTypes;
import io.streamz4j.transport.scatter.wire.MessageHeader;
import io.streamz4j.transport.scatter.wire.RestoreMessage;
import io.streamz4j.transport.scatter.wire.TaskMessage;
import io.streamz4j.transport.scatter.wire.WireWriter;
import org.agrona.ExpandableDirectByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Worker deaths, for the cluster's agent: a dead worker's elements in flight are queued for
 * resending in sequence order, each to its key's new worker (after a RESTORE of the key's newest
 * state there) or to the least busy one, with its attempt count raised; an element that reached
 * {@code maxAttempts} is reported lost instead. The sends wait in an outbox when a publication
 * back-pressures, so the agent never blocks; a moved key's table entry changes only once its
 * resends went out, so its elements reach the new worker in scatter order.
 *
 * <p>Thread safety: the agent thread alone. Allocates only when a worker dies.
 */
final class Failover {
    private static final Logger LOG = LoggerFactory.getLogger(Failover.class);

    /** {@link #died} as a callback, made once: the liveness check runs every duty cycle. */
    final Consumer<WorkerState> onDeath = this::died;

    private final Coordinator coordinator;
    private final String roleName;
    private final WorkerDirectory directory;
    private final Clock clock;
    private final int maxAttempts;
    private final WireTypes types;
    private final WireWriter writer = new WireWriter();
    private final ExpandableDirectByteBuffer sendBuffer = new ExpandableDirectByteBuffer(1024);
    private final Dispatch dispatch = new Dispatch();
    private final ArrayDeque<Resend> outbox = new ArrayDeque<>();

    Failover(Coordinator coordinator, String roleName, WireTypes types) {
        this.coordinator = coordinator;
        this.roleName = roleName;
        this.directory = coordinator.directory;
        this.clock = coordinator.clock;
        this.maxAttempts = coordinator.options.maxAttempts();
        this.types = types;
    }

    /**
     * {@code dead} was just declared dead: its elements in flight that this agent has already
     * looked at are queued for resending in sequence order, per program; those scattered since
     * are caught by {@link #scanPublished}. Its publication closes, which also tells a producer
     * offering to it to leave the element to the agent.
     */
    void died(WorkerState dead) {
        if (coordinator.shuttingDown()) {
            LOG.info("{}: worker {} '{}' (pid {}) has shut down", roleName, dead.index, dead.name, dead.pid);
        } else {
            LOG.warn("{}: worker {} '{}' (pid {}) is dead; resending its elements", roleName, dead.index, dead.name,
                    dead.pid);
        }
        for (ProgramState program : coordinator.programs()) {
            boolean any = false;
            for (long seq = program.ring.retiredBelow(); seq < program.scannedUpTo; seq++) {
                InFlightSlot slot = program.ring.slot(seq);
                if (slot != null && !slot.completed() && slot.worker == dead.index) {
                    outbox.add(new Resend(program, seq));
                    any = true;
                }
            }
            if (any) {
                outbox.add(new Resend(program, Resend.COMMIT));
            }
        }
        if (dead.publication != null) {
            dead.publication.close();
        }
        dead.inFlight = 0;
    }

    /** Looks at the elements scattered since the last cycle: those sent to a worker that died meanwhile are resent. */
    int scanPublished(ProgramState program) {
        long published = program.ring.published();
        long seq = program.scannedUpTo;
        if (seq == published) {
            return 0;
        }
        WorkerState[] workers = directory.workers();
        boolean any = false;
        for (; seq < published; seq++) {
            InFlightSlot slot = program.ring.slot(seq);
            if (slot != null && !slot.completed() && workers[slot.worker].state == WorkerState.DEAD) {
                outbox.add(new Resend(program, seq));
                any = true;
            }
        }
        program.scannedUpTo = published;
        if (any) {
            outbox.add(new Resend(program, Resend.COMMIT));
        }
        return 1;
    }

    int drainOutbox() {
        int work = 0;
        Resend next;
        while ((next = outbox.peek()) != null) {
            if (!(next.seq == Resend.COMMIT ? commit(next.program) : resend(next.program, next.seq))) {
                break;
            }
            outbox.poll();
            work++;
        }
        return work;
    }

    /** The moved keys' resends went out: from now on the producer sends their elements to the new workers directly. */
    private boolean commit(ProgramState program) {
        program.pendingMoves.forEach(program.keys::move);
        program.pendingMoves.clear();
        return true;
    }

    /**
     * Sends {@code seq} again, to its key's new worker (after RESTORE of the key's newest state)
     * or to the least busy one; false when it must wait (no worker ready, back pressure).
     */
    private boolean resend(ProgramState program, long seq) {
        InFlightSlot slot = program.ring.slot(seq);
        if (slot == null || slot.completed() || program.closed) {
            return true;
        }
        int attempt = slot.attempt;
        if (attempt >= maxAttempts) {
            lose(program, slot);
            return true;
        }
        int target = targetFor(program, slot.key);
        if (target < 0) {
            return false;
        }
        WorkerState worker = directory.workers()[target];
        if (!restore(program, slot.key, worker)) {
            return false;
        }
        writer.wrap(sendBuffer, 0);
        sendBuffer.putBytes(0, slot.bytes, 0, slot.length);
        sendBuffer.putLong(MessageHeader.UID_OFFSET, worker.uid);
        sendBuffer.putInt(TaskMessage.ATTEMPT_OFFSET, attempt + 1);
        if (worker.publication.offer(sendBuffer, 0, slot.length) < 0) {
            return false;
        }
        slot.worker = target;
        slot.sentNanos = clock.nanoTime();
        worker.sent();
        worker.resends++;
        slot.attempt = attempt + 1; // last: the producer waits for it
        return true;
    }

    /** The worker a resent element of {@code key} goes to, or -1 when none is ready. */
    private int targetFor(ProgramState program, Object key) {
        WorkerState[] workers = directory.workers();
        if (key == null) {
            return dispatch.leastInFlight(workers, program);
        }
        Integer moved = program.pendingMoves.get(key);
        int known = moved != null ? moved : program.keys.workerOf(key);
        if (known >= 0 && program.accepts(workers[known])) {
            return known;
        }
        int chosen = dispatch.leastInFlight(workers, program);
        if (chosen >= 0) {
            program.pendingMoves.put(key, chosen);
        }
        return chosen;
    }

    /** Before a moved key's first resend: its newest state goes to its new worker (once). */
    private boolean restore(ProgramState program, Object key, WorkerState worker) {
        if (!program.stateful || !program.states.containsKey(key)) {
            return true;
        }
        Integer restored = program.restoredTo.get(key);
        if (restored != null && restored == worker.index) {
            return true;
        }
        writer.wrap(sendBuffer, 0);
        RestoreMessage.encode(writer, types, worker.uid, program.id, program.keyed ? key : null,
                program.states.get(key));
        if (worker.publication.offer(sendBuffer, 0, writer.length()) < 0) {
            return false;
        }
        program.restoredTo.put(key, worker.index);
        return true;
    }

    /** The element went down with its worker {@code maxAttempts} times: it is reported lost, not sent again. */
    private void lose(ProgramState program, InFlightSlot slot) {
        long seq = slot.seq;
        program.ring.complete(seq);
        program.lost++;
        int attempts = slot.attempt;
        slot.attempt = attempts + 1; // releases a producer waiting for the element to be taken over
        program.reorder.failed(seq, new ElementLostException(seq, attempts));
    }

    /** One element to send again, or (seq {@link #COMMIT}) the point where a program's moved keys take effect. */
    private record Resend(ProgramState program, long seq) {
        static final long COMMIT = -1;
    }
}
