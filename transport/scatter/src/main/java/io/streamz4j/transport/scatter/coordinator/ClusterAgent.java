package io.streamz4j.transport.scatter.coordinator;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.streamz4j.runtime.Clock;
import io.streamz4j.transport.scatter.RefusedMessageException;
import io.streamz4j.transport.scatter.WireTypes;
import io.streamz4j.transport.scatter.wire.HeartbeatMessage;
import io.streamz4j.transport.scatter.wire.HelloMessage;
import io.streamz4j.transport.scatter.wire.MessageHeader;
import io.streamz4j.transport.scatter.wire.ProgramMessage;
import io.streamz4j.transport.scatter.wire.Protocol;
import io.streamz4j.transport.scatter.wire.RejectMessage;
import io.streamz4j.transport.scatter.wire.RestoreMessage;
import io.streamz4j.transport.scatter.wire.ResultMessage;
import io.streamz4j.transport.scatter.wire.TaskMessage;
import io.streamz4j.transport.scatter.wire.WelcomeMessage;
import io.streamz4j.transport.scatter.wire.WireReader;
import io.streamz4j.transport.scatter.wire.WireWriter;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The cluster's agent, run by an Agrona {@code AgentRunner} on the thread
 * {@code streamz4j-scatter-<n>}. Each duty cycle it polls the control subscription (HELLO,
 * HEARTBEAT, RESULT, GOODBYE), completes in-flight slots and lets gather emit what may leave;
 * checks newly scattered elements for a dead target; welcomes joining workers and sends them the
 * programs; declares dead the workers silent past the timeout or whose image went away, and
 * resends their elements (RESTORE of each moved key's newest state first); sends heartbeats.
 * Sends that meet back pressure wait in an outbox for the next cycle, in order, so the agent
 * never blocks: a worker that cannot take a resend is itself waiting for the agent to read its
 * results.
 *
 * <p>Thread safety: everything here runs on the agent thread; the control images that went away
 * reach it through a queue that Aeron's client conductor fills. Nothing is allocated per element in the
 * steady state apart from the decoded result values themselves.
 */
final class ClusterAgent implements Agent, FragmentHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterAgent.class);
    private static final int FRAGMENT_LIMIT = 64;

    private final Coordinator coordinator;
    private final String roleName;
    private final Aeron aeron;
    private final Subscription control;
    private final WorkerDirectory directory;
    private final Clock clock;
    private final long heartbeatNanos;
    private final int maxAttempts;
    private final FragmentAssembler assembler = new FragmentAssembler(this);
    private final WireTypes types;
    private final WireReader reader = new WireReader();
    private final WireWriter writer = new WireWriter();
    private final ExpandableDirectByteBuffer sendBuffer = new ExpandableDirectByteBuffer(1024);
    private final HelloMessage hello = new HelloMessage();
    private final HeartbeatMessage heartbeat = new HeartbeatMessage();
    private final ResultMessage result = new ResultMessage();
    private final Dispatch dispatch = new Dispatch();
    private final ArrayDeque<Resend> outbox = new ArrayDeque<>();
    private final ArrayList<Reject> rejects = new ArrayList<>();
    private final ManyToOneConcurrentLinkedQueue<Integer> lostImages;
    /** {@link #died} as a callback, made once: the liveness check runs every duty cycle. */
    private final Consumer<WorkerState> onDeath = this::died;
    private long nextHeartbeatNanos;

    ClusterAgent(Coordinator coordinator, String roleName, Aeron aeron, Subscription control, WireTypes types) {
        this.coordinator = coordinator;
        this.roleName = roleName;
        this.aeron = aeron;
        this.control = control;
        this.directory = coordinator.directory;
        this.types = types;
        this.clock = coordinator.clock;
        this.heartbeatNanos = coordinator.options.heartbeatInterval().toNanos();
        this.maxAttempts = coordinator.options.maxAttempts();
        this.lostImages = coordinator.lostImages;
    }

    @Override
    public String roleName() {
        return roleName;
    }

    @Override
    public int doWork() {
        int work = control.poll(assembler, FRAGMENT_LIMIT);
        Integer session;
        while ((session = lostImages.poll()) != null) {
            directory.imageLost(session, onDeath);
            work++;
        }
        work += directory.expire(onDeath);
        ProgramState[] programs = coordinator.programs();
        for (ProgramState program : programs) {
            work += scanPublished(program);
        }
        work += admit(programs);
        work += drainOutbox();
        work += rejectPending();
        long now = clock.nanoTime();
        if (now - nextHeartbeatNanos >= 0) {
            nextHeartbeatNanos = now + heartbeatNanos;
            sendHeartbeats(now);
        }
        if (coordinator.shuttingDown()) {
            work += sendShutdowns();
        }
        return work;
    }

    // ------------------------------------------------------------------ messages from workers

    @Override
    public void onFragment(DirectBuffer buffer, int offset, int length, Header header) {
        try {
            byte type = MessageHeader.checkedType(buffer, offset, length);
            switch (type) {
                case Protocol.HELLO -> onHello(buffer, offset, length, header.sessionId());
                case Protocol.HEARTBEAT -> onHeartbeat(buffer, offset, length);
                case Protocol.RESULT -> onResult(buffer, offset, length);
                case Protocol.GOODBYE -> onGoodbye(MessageHeader.workerUid(buffer, offset));
                default -> throw new RefusedMessageException("a " + Protocol.typeName(type)
                        + " message is not one a coordinator takes");
            }
        } catch (RefusedMessageException e) {
            coordinator.refused(e);
        }
    }

    private void onHello(DirectBuffer buffer, int offset, int length, int sessionId) {
        hello.wrap(buffer, offset, length);
        long uid = hello.workerUid();
        String refusal = directory.refusal(uid, hello.workChannel(), hello.workStreamId());
        if (refusal != null) {
            LOG.warn("{}: worker {} (pid {}) rejected: {}", roleName, hello.name(), hello.pid(), refusal);
            rejects.add(new Reject(uid, aeron.addPublication(hello.workChannel(), hello.workStreamId()), refusal,
                    clock.nanoTime() + coordinator.options.workerTimeout().toNanos()));
            return;
        }
        WorkerState known = directory.live(uid);
        if (known != null) {
            directory.seen(known);
            return;
        }
        Set<String> names = new HashSet<>(hello.functionNames());
        WorkerState worker = directory.join(uid, hello.pid(), hello.name(), hello.workChannel(), hello.workStreamId(),
                names, sessionId);
        worker.publication = aeron.addPublication(worker.workChannel, worker.workStreamId);
        LOG.info("{}: worker {} '{}' (pid {}) joining on {} stream {}", roleName, worker.index, worker.name,
                worker.pid, worker.workChannel, worker.workStreamId);
    }

    private void onHeartbeat(DirectBuffer buffer, int offset, int length) {
        heartbeat.wrap(buffer, offset, length);
        WorkerState worker = directory.live(heartbeat.workerUid());
        if (worker != null) {
            directory.seen(worker);
            worker.refused = heartbeat.refused();
        } else {
            rejectIfDead(heartbeat.workerUid());
        }
    }

    /**
     * A worker declared dead (silent too long, a stalled process) that still talks is told so
     * with a REJECT, once, so it exits rather than idle for ever; restarted, it joins again with a
     * new uid. Its messages stay ignored: its elements went elsewhere.
     */
    private void rejectIfDead(long uid) {
        WorkerState dead = directory.known(uid);
        if (dead != null && dead.state == WorkerState.DEAD && !dead.rejectSent && !coordinator.shuttingDown()) {
            dead.rejectSent = true;
            LOG.warn("{}: worker {} '{}' (pid {}) talks after it was declared dead: rejected", roleName, dead.index,
                    dead.name, dead.pid);
            rejects.add(new Reject(uid, aeron.addPublication(dead.workChannel, dead.workStreamId),
                    "declared dead after " + coordinator.options.workerTimeout() + " without a message; its elements"
                            + " went to other workers; restart it to join again",
                    clock.nanoTime() + coordinator.options.workerTimeout().toNanos()));
        }
    }

    private void onGoodbye(long uid) {
        WorkerState worker = directory.live(uid);
        if (worker != null) {
            LOG.info("{}: worker {} '{}' said goodbye", roleName, worker.index, worker.name);
            directory.kill(worker, onDeath);
        }
    }

    private void onResult(DirectBuffer buffer, int offset, int length) {
        result.wrap(buffer, offset, length);
        WorkerState worker = directory.live(result.workerUid());
        if (worker == null) {
            rejectIfDead(result.workerUid()); // a dead worker's late result: its element was resent
            return;
        }
        directory.seen(worker);
        ProgramState program = coordinator.program(result.programId());
        if (program == null || program.closed) {
            return;
        }
        long seq = result.seq();
        InFlightSlot slot = program.ring.complete(seq);
        if (slot == null) {
            program.duplicates++;
            return;
        }
        coordinator.directory.workers()[slot.worker].settled();
        worker.elementsOut++;
        worker.roundTrip(clock.nanoTime() - slot.sentNanos);
        if (result.status() == ResultMessage.OK) {
            try {
                decodeValues(program, slot, program.reorder.valuesFor(seq));
            } catch (RefusedMessageException e) {
                coordinator.refused(e);
                program.reorder.failed(seq, e);
                return;
            }
            program.reorder.ready(seq);
        } else {
            worker.errors++;
            program.reorder.failed(seq, new RemoteFailureException(worker.index, result.exceptionClass(),
                    result.message(), result.stackTrace()));
        }
    }

    private void decodeValues(ProgramState program, InFlightSlot slot, List<Object> values) {
        WireReader in = result.body(reader);
        int count = in.readLength(1, "RESULT value count");
        for (int i = 0; i < count; i++) {
            values.add(types.decode(in));
        }
        if (in.readByte("RESULT state flag") != 0) {
            types.decode(in); // the key as the worker has it; the slot's own key is the table's
            program.states.put(slot.key, types.decode(in));
        }
    }

    // ------------------------------------------------------------------ workers joining

    /** Welcomes joining workers and sends every worker the programs it lacks, in program order. */
    private int admit(ProgramState[] programs) {
        int work = 0;
        for (WorkerState worker : directory.workers()) {
            if (worker.state == WorkerState.DEAD) {
                continue;
            }
            if (!worker.welcomed) {
                writer.wrap(sendBuffer, 0);
                WelcomeMessage.encode(writer, worker.uid, worker.index);
                if (worker.publication.offer(sendBuffer, 0, writer.length()) < 0) {
                    continue; // not connected yet: next cycle
                }
                worker.welcomed = true;
                work++;
            }
            while (worker.programsSent < programs.length) {
                ProgramState program = programs[worker.programsSent];
                if (!worker.functions.containsAll(names(program))) {
                    LOG.warn("{}: worker {} '{}' lacks a function of program {} {}: it gets none of its elements",
                            roleName, worker.index, worker.name, program.id, program.steps);
                    program.exclude(worker);
                } else {
                    writer.wrap(sendBuffer, 0);
                    ProgramMessage.encode(writer, worker.uid, program.id, program.steps);
                    if (worker.publication.offer(sendBuffer, 0, writer.length()) < 0) {
                        break;
                    }
                }
                worker.programsSent++;
                work++;
            }
            if (worker.programsSent == programs.length && worker.state == WorkerState.JOINING) {
                directory.ready(worker);
                LOG.info("{}: worker {} '{}' ready", roleName, worker.index, worker.name);
            }
        }
        return work;
    }

    private static List<String> names(ProgramState program) {
        List<String> names = new ArrayList<>(program.steps.size());
        for (ProgramMessage.Step step : program.steps) {
            if (!step.functionName().isEmpty()) {
                names.add(step.functionName());
            }
        }
        return names;
    }

    private int rejectPending() {
        if (rejects.isEmpty()) {
            return 0;
        }
        long now = clock.nanoTime();
        int work = 0;
        for (int i = rejects.size() - 1; i >= 0; i--) {
            Reject reject = rejects.get(i);
            writer.wrap(sendBuffer, 0);
            RejectMessage.encode(writer, reject.uid, reject.reason);
            if (reject.publication.offer(sendBuffer, 0, writer.length()) > 0 || now - reject.deadline > 0) {
                reject.publication.close();
                rejects.remove(i);
                work++;
            }
        }
        return work;
    }

    // ------------------------------------------------------------------ workers dying

    /**
     * {@code dead} was just declared dead: its elements in flight that this agent has already
     * looked at are queued for resending in sequence order, per program; those scattered since
     * are caught by {@link #scanPublished}. Its publication closes, which also tells a producer
     * offering to it to leave the element to the agent.
     */
    private void died(WorkerState dead) {
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
    private int scanPublished(ProgramState program) {
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

    private int drainOutbox() {
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

    // ------------------------------------------------------------------ heartbeats and shutdown

    private void sendHeartbeats(long now) {
        for (WorkerState worker : directory.workers()) {
            if (worker.state != WorkerState.DEAD && worker.welcomed) {
                writer.wrap(sendBuffer, 0);
                HeartbeatMessage.encode(writer, worker.uid, now);
                worker.publication.offer(sendBuffer, 0, writer.length());
            }
        }
    }

    /**
     * The cluster is closing: SHUTDOWN to each live worker (once it went out, not again); the
     * agent goes on polling, so their GOODBYEs mark them gone before the driver they share closes.
     */
    private int sendShutdowns() {
        int work = 0;
        for (WorkerState worker : directory.workers()) {
            if (worker.state != WorkerState.DEAD && !worker.shutdownSent && worker.publication != null) {
                writer.wrap(sendBuffer, 0);
                writer.header(Protocol.SHUTDOWN, worker.uid);
                long position = worker.publication.offer(sendBuffer, 0, writer.length());
                if (position > 0 || position == Publication.NOT_CONNECTED || position == Publication.CLOSED) {
                    worker.shutdownSent = true;
                    work++;
                }
            }
        }
        return work;
    }

    /** On the agent thread as the runner stops: the publications and the subscription close. */
    @Override
    public void onClose() {
        for (WorkerState worker : directory.workers()) {
            if (worker.publication != null) {
                worker.publication.close();
            }
            worker.state = WorkerState.DEAD;
        }
        for (Reject reject : rejects) {
            reject.publication.close();
        }
        control.close();
    }

    /** One element to send again, or (seq {@link #COMMIT}) the point where a program's moved keys take effect. */
    private record Resend(ProgramState program, long seq) {
        static final long COMMIT = -1;
    }

    /** A refused HELLO's answer, retried until it goes out or its deadline passes. */
    private record Reject(long uid, Publication publication, String reason, long deadline) {
    }
}
