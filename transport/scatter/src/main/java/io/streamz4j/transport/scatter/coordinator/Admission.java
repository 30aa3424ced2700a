package io.streamz4j.transport.scatter.coordinator;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.streamz4j.runtime.Clock;
import io.streamz4j.transport.scatter.wire.HelloMessage;
import io.streamz4j.transport.scatter.wire.ProgramMessage;
import io.streamz4j.transport.scatter.wire.RejectMessage;
import io.streamz4j.transport.scatter.wire.WelcomeMessage;
import io.streamz4j.transport.scatter.wire.WireWriter;
import org.agrona.ExpandableDirectByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Workers joining and being turned away, for the cluster's agent: a HELLO adds a worker (or is
 * refused: its work stream is taken, or its uid was declared dead), joining workers get WELCOME
 * once their publication connects and then every program in order before they take elements, and
 * each REJECT is retried until it goes out or its deadline passes. A worker declared dead that
 * still talks is rejected once, so it joins again as a new worker instead of idling.
 *
 * <p>Thread safety: the agent thread alone. Allocates only when a worker joins or is refused.
 */
final class Admission {
    private static final Logger LOG = LoggerFactory.getLogger(Admission.class);

    private final Coordinator coordinator;
    private final String roleName;
    private final Aeron aeron;
    private final WorkerDirectory directory;
    private final Clock clock;
    private final WireWriter writer = new WireWriter();
    private final ExpandableDirectByteBuffer sendBuffer = new ExpandableDirectByteBuffer(1024);
    private final ArrayList<Reject> rejects = new ArrayList<>();

    Admission(Coordinator coordinator, String roleName, Aeron aeron) {
        this.coordinator = coordinator;
        this.roleName = roleName;
        this.aeron = aeron;
        this.directory = coordinator.directory;
        this.clock = coordinator.clock;
    }

    /**
     * A HELLO: a worker joins (its publication is added; {@link #admit} welcomes it once that
     * connects), says hello again (it is alive), or is refused with a REJECT.
     */
    void hello(HelloMessage hello, int sessionId) {
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

    /**
     * A worker declared dead (silent too long, a stalled process) that still talks is told so
     * with a REJECT, once, so it joins again with a new uid rather than idle for ever. Its
     * messages under the old uid stay ignored: its elements went elsewhere.
     */
    void rejectIfDead(long uid) {
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

    /** Welcomes joining workers and sends every worker the programs it lacks, in program order. */
    int admit(ProgramState[] programs) {
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

    int rejectPending() {
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

    /** The pending REJECTs' publications close with the agent. */
    void close() {
        for (Reject reject : rejects) {
            reject.publication.close();
        }
    }

    /** A REJECT, retried until it goes out or its deadline passes. */
    private record Reject(long uid, Publication publication, String reason, long deadline) {
    }
}
