package io.streamz4j.transport.scatter.coordinator;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.streamz4j.runtime.Clock;
import io.streamz4j.transport.scatter.RefusedMessageException;
import io.streamz4j.transport.scatter.RemoteFailureException;
import io.streamz4j.transport.scatter.WireTypes;
import io.streamz4j.transport.scatter.wire.HeartbeatMessage;
import io.streamz4j.transport.scatter.wire.HelloMessage;
import io.streamz4j.transport.scatter.wire.MessageHeader;
import io.streamz4j.transport.scatter.wire.Protocol;
import io.streamz4j.transport.scatter.wire.ResultMessage;
import io.streamz4j.transport.scatter.wire.WireReader;
import io.streamz4j.transport.scatter.wire.WireWriter;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Consumer;

/**
 * The cluster's agent, run by an Agrona {@code AgentRunner} on the thread
 * {@code streamz4j-scatter-<n>}. Each duty cycle it polls the control subscription (HELLO,
 * HEARTBEAT, RESULT, GOODBYE), completes in-flight slots and lets gather emit what may leave;
 * declares dead the workers silent past the timeout or whose image went away and has
 * {@link Failover} resend their elements (it also checks each newly scattered element for a dead
 * target); has {@link Admission} welcome joining workers and send them the programs; sends
 * heartbeats, and SHUTDOWN when the cluster closes. Nothing here waits for a publication: a
 * worker that cannot take a message now may itself be waiting for the agent to read its results.
 *
 * <p>Thread safety: everything here runs on the agent thread; the control images that went away
 * reach it through a queue that Aeron's client conductor fills. Nothing is allocated per element
 * in the steady state apart from the decoded result values themselves.
 */
final class ClusterAgent implements Agent, FragmentHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterAgent.class);
    private static final int FRAGMENT_LIMIT = 64;

    private final Coordinator coordinator;
    private final String roleName;
    private final Subscription control;
    private final WorkerDirectory directory;
    private final Clock clock;
    private final long heartbeatNanos;
    private final FragmentAssembler assembler = new FragmentAssembler(this);
    private final WireTypes types;
    private final WireReader reader = new WireReader();
    private final WireWriter writer = new WireWriter();
    private final ExpandableDirectByteBuffer sendBuffer = new ExpandableDirectByteBuffer(1024);
    private final HelloMessage hello = new HelloMessage();
    private final HeartbeatMessage heartbeat = new HeartbeatMessage();
    private final ResultMessage result = new ResultMessage();
    private final Admission admission;
    private final Failover failover;
    private final ManyToOneConcurrentLinkedQueue<Integer> lostImages;
    private final Consumer<WorkerState> onDeath;
    private long nextHeartbeatNanos;

    ClusterAgent(Coordinator coordinator, String roleName, Aeron aeron, Subscription control, WireTypes types) {
        this.coordinator = coordinator;
        this.roleName = roleName;
        this.control = control;
        this.directory = coordinator.directory;
        this.types = types;
        this.clock = coordinator.clock;
        this.heartbeatNanos = coordinator.options.heartbeatInterval().toNanos();
        this.admission = new Admission(coordinator, roleName, aeron);
        this.failover = new Failover(coordinator, roleName, types);
        this.onDeath = failover.onDeath;
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
            work += failover.scanPublished(program);
        }
        work += admission.admit(programs);
        work += failover.drainOutbox();
        work += admission.rejectPending();
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
                case Protocol.HELLO -> admission.hello(hello.wrap(buffer, offset, length), header.sessionId());
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


    private void onHeartbeat(DirectBuffer buffer, int offset, int length) {
        heartbeat.wrap(buffer, offset, length);
        WorkerState worker = directory.live(heartbeat.workerUid());
        if (worker != null) {
            directory.seen(worker);
            worker.refused = heartbeat.refused();
        } else {
            admission.rejectIfDead(heartbeat.workerUid());
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
            admission.rejectIfDead(result.workerUid()); // a dead worker's late result: its element was resent
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
        admission.close();
        control.close();
    }
}
