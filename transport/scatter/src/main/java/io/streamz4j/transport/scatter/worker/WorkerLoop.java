package io.streamz4j.transport.scatter.worker;

import io.aeron.Aeron;
import io.aeron.AeronCounters;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.exceptions.AeronException;
import io.aeron.logbuffer.Header;
import io.streamz4j.transport.scatter.AeronSetup;
import io.streamz4j.transport.scatter.FunctionTable;
import io.streamz4j.transport.scatter.IdleStrategies;
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
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.status.CountersReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The worker process's loop: says HELLO to the coordinator until welcomed, keeps the PROGRAMs it
 * is sent, runs each TASK through its program and publishes the RESULT (with the key's state for
 * a stateful program; an ERROR result carrying the exception when a function throws, and the
 * loop goes on), applies RESTOREs, sends a HEARTBEAT with its counters every interval, and on
 * SHUTDOWN (or {@link #stop}, from the SIGTERM hook) says GOODBYE and ends.
 *
 * <p>A message it cannot use is refused and counted (reported in every heartbeat), never run: a
 * bad header, an unknown or coordinator-bound type, a message addressed to another uid, a TASK or
 * RESTORE for a program it was not sent, an undecodable value (a TASK whose values cannot be read
 * is also answered with an ERROR result, so its element is not left in flight).
 *
 * <p>Results are never dropped while the coordinator is there: an offer that meets back pressure
 * or no connection is retried under the idle strategy; it gives up only on a closed publication or
 * client, or once the coordinator has been unreachable for {@link #coordinatorGoneNs}. A driver
 * that goes away (the client times out or is closed) is answered with a new client and a new
 * HELLO under a new uid, so a restarted driver is rejoined; a coordinator unreachable that long
 * is answered with a new HELLO under a new uid too.
 *
 * <p>Functions run on the polling thread; while one runs longer than a heartbeat interval, a
 * {@link Keepalive} thread sends the heartbeats, so a slow function is not taken for a dead worker.
 * A function that never returns keeps its element in flight as long as the process lives, as it
 * would hold a local pipeline.
 *
 * <p>Thread safety: {@link #run} runs on one thread (the process's main thread), which alone
 * touches the Aeron resources, programs and buffers, but for the keepalive's heartbeats during a
 * task (on the same concurrent publication); {@link #stop} may be called from any thread.
 */
public final class WorkerLoop {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerLoop.class);
    /** The longest exception message and stack trace (each) an ERROR result carries. */
    private static final int MAX_TEXT = 8 * 1024;
    private static final int FRAGMENT_LIMIT = 16;
    /** How many refusals are logged at WARN before the rest are only counted. */
    private static final int LOGGED_REFUSALS = 20;
    private static final long RECONNECT_PAUSE_NS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long GOODBYE_WAIT_NS = TimeUnit.MILLISECONDS.toNanos(500);
    public static final int EXIT_SHUTDOWN = 0;
    public static final int EXIT_REJECTED = 3;
    /**
     * How many REJECTs in a row, with no WELCOME between, end the process. A coordinator rejects a
     * worker it declared dead (silent past its timeout: a stall under load, a pause) and a stream
     * id that clashes; both are answered by joining again as a new worker, so a false death costs
     * a resend, not a worker. Only a coordinator that keeps refusing ends it.
     */
    public static final int MAX_REJECTIONS = 3;

    private final WorkerOptions options;
    private final AeronSetup setup;
    private final FunctionTable table;
    private final WireTypes types;
    private final IdleStrategy idle;
    private final long heartbeatNs;
    private final long coordinatorGoneNs;
    private final SecureRandom random = new SecureRandom();
    private final int pid = (int) ProcessHandle.current().pid();

    private final ExpandableDirectByteBuffer sendBuffer = new ExpandableDirectByteBuffer(4096);
    private final WireWriter writer = new WireWriter();
    private final WireReader reader = new WireReader();
    private final TaskMessage task = new TaskMessage();
    private final RestoreMessage restore = new RestoreMessage();
    private final HeartbeatMessage heartbeat = new HeartbeatMessage();
    private final FragmentAssembler assembler = new FragmentAssembler(this::onMessage);
    private final Int2ObjectHashMap<Program> programs = new Int2ObjectHashMap<>();
    private final HeldFrames heldFrames = new HeldFrames();
    private final Consumer<Object> resultSink = this::addResult;

    private volatile boolean stopRequested;
    /** A REJECT arrived during a poll: join again once the poll has returned. */
    private boolean rejoinRequested;
    private int rejectionsInARow;
    /** Heartbeats during a long task; lives as long as {@link #run}. */
    private Keepalive keepalive;
    private Aeron aeron;
    private Subscription workSubscription;
    private Publication controlPublication;
    private long uid;
    private int workStreamId;
    private boolean welcomed;
    private int workerIndex = -1;
    private long nextHelloNs;
    private long nextHeartbeatNs;
    private long lastConnectedNs;
    private int exitCode = -1;

    private long elementsIn;
    private long elementsOut;
    private long errors;
    private long refused;
    private int inFlight;
    private int resultCount;

    public WorkerLoop(WorkerOptions options, AeronSetup setup, FunctionTable table, WireTypes types) {
        this.options = options;
        this.setup = setup;
        this.table = table;
        this.types = types;
        this.idle = IdleStrategies.parse(options.idle());
        this.heartbeatNs = TimeUnit.MILLISECONDS.toNanos(options.heartbeatMs());
        this.coordinatorGoneNs = Math.max(10 * heartbeatNs, TimeUnit.MILLISECONDS.toNanos(AeronSetup.CLIENT_LIVENESS_MS));
    }

    /**
     * Runs until SHUTDOWN, {@link #MAX_REJECTIONS} REJECTs in a row or {@link #stop}; returns the
     * exit code ({@link #EXIT_SHUTDOWN}, {@link #EXIT_REJECTED}). Its publication and
     * subscription belong to the setup's client: the caller closes them by closing the setup.
     */
    public int run() {
        keepalive = new Keepalive(heartbeatNs, options.name());
        try {
            connect(false);
            while (exitCode < 0) {
                if (stopRequested) {
                    sayGoodbye();
                    exitCode = EXIT_SHUTDOWN;
                    break;
                }
                int work = 0;
                try {
                    if (aeron.isClosed()) {
                        LOG.warn("{}: the aeron client closed (driver gone?): reconnecting", options.name());
                        connect(true);
                        continue;
                    }
                    work += workSubscription.poll(assembler, FRAGMENT_LIMIT);
                    if (rejoinRequested) {
                        // not from inside the poll: a new incarnation closes the subscription polled
                        rejoinRequested = false;
                        newIncarnation();
                        continue;
                    }
                    work += duties(System.nanoTime());
                } catch (AeronException | IllegalStateException e) {
                    LOG.warn("{}: aeron failed ({}): reconnecting", options.name(), e.toString());
                    connect(true);
                    continue;
                }
                idle.idle(work);
            }
            return exitCode;
        } finally {
            keepalive.close();
            forgetResources();
        }
    }

    /** Asks the loop to say GOODBYE and end; {@link #run} then returns. Any thread. */
    public void stop() {
        stopRequested = true;
    }

    private void connect(boolean again) {
        forgetResources();
        while (!stopRequested) {
            try {
                aeron = again ? setup.reconnect() : setup.connect();
                controlPublication = aeron.addPublication(options.controlChannel(), Protocol.CONTROL_STREAM_ID);
                newIncarnation();
                return;
            } catch (AeronException | IllegalStateException e) {
                if (!again) {
                    LOG.warn("{}: no media driver in {} yet ({}); retrying until one answers", options.name(),
                            setup.aeronDirectoryName(), e.toString());
                } else {
                    LOG.debug("{}: still no media driver in {} ({})", options.name(), setup.aeronDirectoryName(),
                            e.toString());
                }
                forgetResources();
                again = true;
                LockSupport.parkNanos(RECONNECT_PAUSE_NS);
            }
        }
    }

    /**
     * A new uid (and IPC stream id, subscribed to): the coordinator sees a new worker, which it
     * welcomes and sends programs anew.
     */
    private void newIncarnation() {
        if (workSubscription != null) {
            workSubscription.close();
        }
        uid = random.nextLong();
        workStreamId = options.ipcWork() ? Protocol.WORK_STREAM_ID + 1 + random.nextInt(Protocol.IPC_STREAM_ID_RANGE - 1)
                : Protocol.WORK_STREAM_ID;
        welcomed = false;
        workerIndex = -1;
        programs.clear();
        nextHelloNs = System.nanoTime();
        lastConnectedNs = nextHelloNs;
        workSubscription = aeron.addSubscription(options.workChannel(), workStreamId);
        LOG.info("{}: uid {} listening on {} stream {}, reporting to {}", options.name(), uid, options.workChannel(),
                workStreamId, options.controlChannel());
    }

    /**
     * Drops the references to the client's publication and subscription: closing the client (a
     * reconnect, or the setup's close) closes them, and closing them singly first would only add
     * round trips to a driver that may be gone.
     */
    private void forgetResources() {
        workSubscription = null;
        controlPublication = null;
    }

    private int duties(long now) {
        int work = 0;
        if (!welcomed) {
            if (now - nextHelloNs >= 0) {
                writer.wrap(sendBuffer, 0);
                HelloMessage.encode(writer, uid, pid, workStreamId, options.workChannel(), options.name(), table.names());
                controlPublication.offer(sendBuffer, 0, writer.length());
                nextHelloNs = now + heartbeatNs;
                work++;
            }
            return work;
        }
        if (now - nextHeartbeatNs >= 0) {
            writer.wrap(sendBuffer, 0);
            HeartbeatMessage.encodeWorker(writer, uid, now, elementsIn, elementsOut, errors, refused, inFlight);
            controlPublication.offer(sendBuffer, 0, writer.length());
            nextHeartbeatNs = now + heartbeatNs;
            work++;
        }
        if (controlPublication.isConnected()) {
            lastConnectedNs = now;
        } else if (now - lastConnectedNs > coordinatorGoneNs) {
            LOG.warn("{}: the coordinator has been unreachable for {} ms: saying HELLO again as a new worker",
                    options.name(), TimeUnit.NANOSECONDS.toMillis(now - lastConnectedNs));
            newIncarnation();
        }
        return work;
    }

    private void onMessage(DirectBuffer buffer, int offset, int length, Header header) {
        try {
            byte type = MessageHeader.checkedType(buffer, offset, length);
            long to = MessageHeader.workerUid(buffer, offset);
            if (to != uid) {
                throw new RefusedMessageException(Protocol.typeName(type) + " addressed to uid " + to + ", this worker is "
                        + uid);
            }
            switch (type) {
                case Protocol.WELCOME -> onWelcome(WelcomeMessage.workerIndex(buffer, offset, length));
                case Protocol.REJECT -> onReject(RejectMessage.reason(buffer, offset, length));
                case Protocol.HEARTBEAT -> heartbeat.wrap(buffer, offset, length);
                case Protocol.SHUTDOWN -> {
                    LOG.info("{}: SHUTDOWN from the coordinator", options.name());
                    sayGoodbye();
                    exitCode = EXIT_SHUTDOWN;
                }
                case Protocol.PROGRAM -> onProgram(buffer, offset, length);
                case Protocol.TASK -> onTask(buffer, offset, length);
                case Protocol.RESTORE -> onRestore(buffer, offset, length);
                default -> throw new RefusedMessageException("a worker takes no " + Protocol.typeName(type) + " message");
            }
        } catch (RefusedMessageException e) {
            refuse(e.getMessage());
        } catch (AeronException e) {
            throw e; // the loop reconnects
        } catch (RuntimeException e) {
            if (aeron.isClosed()) {
                throw e;
            }
            // nothing a message holds may end the worker: what no refusal foresaw is refused too
            LOG.error("{}: a message failed unexpectedly", options.name(), e);
            refuse("failed: " + e);
        }
    }

    private void refuse(String reason) {
        refused++;
        if (refused <= LOGGED_REFUSALS) {
            LOG.warn("{}: refused a message: {}{}", options.name(), reason,
                    refused == LOGGED_REFUSALS ? " (further refusals are only counted)" : "");
        }
    }

    private void onReject(String reason) {
        rejectionsInARow++;
        if (rejectionsInARow >= MAX_REJECTIONS) {
            LOG.error("{}: the coordinator rejected this worker {} times in a row, last: {}", options.name(),
                    rejectionsInARow, reason);
            exitCode = EXIT_REJECTED;
        } else {
            LOG.warn("{}: the coordinator rejected this worker ({}): joining again as a new worker", options.name(),
                    reason);
            rejoinRequested = true;
        }
    }

    private void onWelcome(int index) {
        if (!welcomed) {
            rejectionsInARow = 0;
            welcomed = true;
            workerIndex = index;
            nextHeartbeatNs = 0;
            lastConnectedNs = System.nanoTime();
            LOG.info("{}: welcomed as worker {}", options.name(), workerIndex);
        }
    }

    private void onProgram(DirectBuffer buffer, int offset, int length) {
        int id = ProgramMessage.programId(buffer, offset, length);
        List<ProgramMessage.Step> steps = ProgramMessage.steps(buffer, offset, length);
        Program known = programs.get(id);
        if (known != null && known.definition().equals(steps)) {
            return; // sent again (a resend after a restore): keep the keys' states
        }
        programs.put(id, Program.compile(id, steps, table));
    }

    private Program program(int id, String message) {
        Program program = programs.get(id);
        if (program == null) {
            throw new RefusedMessageException(message + " for program " + id + ", which this worker was not sent");
        }
        return program;
    }

    private void onRestore(DirectBuffer buffer, int offset, int length) {
        restore.wrap(buffer, offset, length);
        Program program = program(restore.programId(), "RESTORE");
        WireReader in = restore.values(reader);
        Object key = types.decode(in);
        Object snapshot = types.decode(in);
        in.requireEnd("RESTORE");
        program.restore(key, snapshot);
    }

    private void onTask(DirectBuffer buffer, int offset, int length) {
        task.wrap(buffer, offset, length);
        int programId = task.programId();
        long seq = task.seq();
        Program program = program(programId, "TASK " + seq);
        Object key;
        Object element;
        try {
            WireReader in = task.values(reader);
            key = types.decode(in);
            element = types.decode(in);
            in.requireEnd("TASK");
        } catch (RefusedMessageException e) {
            refuse("TASK " + seq + ": " + e.getMessage());
            sendError(programId, seq, RefusedMessageException.class.getName(), e.getMessage(), "");
            return;
        }
        elementsIn++;
        inFlight = 1;
        keepalive.taskStarted(controlPublication, uid, elementsIn, elementsOut, errors, refused, System.nanoTime());
        try {
            execute(program, seq, key, element);
        } finally {
            keepalive.taskEnded();
            inFlight = 0;
            heldFrames.releaseAll();
        }
    }

    private void execute(Program program, long seq, Object key, Object element) {
        heldFrames.collect(key);
        heldFrames.collect(element);
        writer.wrap(sendBuffer, 0);
        int countAt = ResultMessage.beginValues(writer, uid, program.id(), seq);
        resultCount = 0;
        try {
            program.run(key, element, resultSink);
            ResultMessage.endValues(writer, countAt, resultCount);
            if (program.stateful()) {
                ResultMessage.state(writer, types, key, program.snapshot(key));
            } else {
                ResultMessage.noState(writer);
            }
        } catch (RuntimeException | StackOverflowError | LinkageError | AssertionError e) {
            errors++;
            sendError(program.id(), seq, e.getClass().getName(), String.valueOf(e.getMessage()), stackTrace(e));
            return;
        }
        if (writer.length() > controlPublication.maxMessageLength()) {
            errors++;
            sendError(program.id(), seq, IllegalStateException.class.getName(), "the result of " + writer.length()
                    + " bytes exceeds the largest message the control channel carries ("
                    + controlPublication.maxMessageLength() + ")", "");
            return;
        }
        elementsOut += resultCount;
        offer(writer.length());
    }

    private void addResult(Object value) {
        types.encode(value, writer);
        resultCount++;
        heldFrames.collect(value);
    }

    private void sendError(int programId, long seq, String exceptionClass, String message, String stackTrace) {
        writer.wrap(sendBuffer, 0);
        ResultMessage.encodeError(writer, uid, programId, seq, exceptionClass, clip(message), stackTrace);
        offer(writer.length());
    }

    private static String stackTrace(Throwable e) {
        StringWriter text = new StringWriter();
        e.printStackTrace(new PrintWriter(text));
        return clip(text.toString());
    }

    /** Text cut to {@link #MAX_TEXT} characters, so an error result always fits one message. */
    private static String clip(String text) {
        return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
    }

    /**
     * Publishes the {@code length} bytes at the start of the send buffer, retrying back pressure
     * and a missing connection under the idle strategy; false when it gave up (closed publication
     * or client, a stop, or the coordinator unreachable for {@link #coordinatorGoneNs}).
     */
    private boolean offer(int length) {
        long notConnectedSince = 0;
        while (true) {
            long result = controlPublication.offer(sendBuffer, 0, length);
            if (result > 0) {
                idle.reset();
                return true;
            }
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED || aeron.isClosed()
                    || stopRequested) {
                LOG.warn("{}: gave up sending a message: offer returned {}", options.name(), result);
                return false;
            }
            if (result == Publication.NOT_CONNECTED) {
                long now = System.nanoTime();
                if (notConnectedSince == 0) {
                    notConnectedSince = now;
                } else if (now - notConnectedSince > coordinatorGoneNs) {
                    LOG.warn("{}: gave up sending a message: the coordinator is unreachable", options.name());
                    return false;
                }
            }
            idle.idle();
        }
    }

    /**
     * Sends GOODBYE (bounded: the coordinator's liveness check covers a goodbye that never gets
     * out) and, on UDP, waits until the driver has sent it: the driver may be this process's
     * embedded one, about to close with the message still in its term buffer.
     */
    private void sayGoodbye() {
        if (controlPublication == null || aeron == null || aeron.isClosed()) {
            return;
        }
        writer.wrap(sendBuffer, 0).header(Protocol.GOODBYE, uid);
        long deadline = System.nanoTime() + GOODBYE_WAIT_NS;
        long position;
        while ((position = controlPublication.offer(sendBuffer, 0, writer.length())) < 0
                && System.nanoTime() - deadline < 0) {
            idle.idle();
        }
        CountersReader counters = aeron.countersReader();
        int sent = counters.findByTypeIdAndRegistrationId(AeronCounters.DRIVER_SENDER_POSITION_TYPE_ID,
                controlPublication.registrationId());
        if (position > 0 && sent != CountersReader.NULL_COUNTER_ID) {
            while (counters.getCounterValue(sent) < position && System.nanoTime() - deadline < 0) {
                idle.idle();
            }
        }
    }
}
