package io.streamz4j.transport.scatter.coordinator;

import io.aeron.Aeron;
import io.aeron.Subscription;
import io.streamz4j.Stream;
import io.streamz4j.runtime.Clock;
import io.streamz4j.transport.scatter.AeronSetup;
import io.streamz4j.transport.scatter.ClusterOptions;
import io.streamz4j.transport.scatter.FunctionTable;
import io.streamz4j.transport.scatter.GatherOrder;
import io.streamz4j.transport.scatter.IdleStrategies;
import io.streamz4j.transport.scatter.RefusedMessageException;
import io.streamz4j.transport.scatter.WireTypes;
import io.streamz4j.transport.scatter.WorkerMetrics;
import io.streamz4j.transport.scatter.wire.ProgramMessage;
import io.streamz4j.transport.scatter.wire.Protocol;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.ManyToOneConcurrentLinkedQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The machinery behind a {@code Cluster}: the Aeron client (and embedded media driver), the
 * control subscription, the worker directory, the registered programs and the agent thread.
 *
 * <p>Thread safety: {@link #register} and {@link #close} are called by user threads (one close
 * wins); the program array is copy-on-write under this object's lock and read without one; the
 * agent thread owns the rest. {@link #close} leaves no thread, publication, client, driver or
 * driver directory behind.
 */
public final class Coordinator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);
    private static final AtomicInteger CLUSTERS = new AtomicInteger();
    private static final ProgramState[] NO_PROGRAMS = new ProgramState[0];

    final ClusterOptions options;
    final Clock clock;
    final WorkerDirectory directory;
    final ManyToOneConcurrentLinkedQueue<Integer> lostImages = new ManyToOneConcurrentLinkedQueue<>();
    private final String name;
    private final FunctionTable functions;
    private final AeronSetup aeronSetup;
    private final AgentRunner runner;
    private final AtomicLong refused = new AtomicLong();
    private volatile ProgramState[] programs = NO_PROGRAMS;
    private volatile boolean open = true;
    private final AtomicBoolean closing = new AtomicBoolean();
    /** Set once closing has drained: the agent tells the workers to shut down. */
    private volatile boolean shuttingDown;

    private Coordinator(ClusterOptions options) {
        this.options = options;
        this.clock = options.clock();
        this.name = "streamz4j-scatter-" + CLUSTERS.incrementAndGet();
        this.directory = new WorkerDirectory(clock, options.workerTimeout().toNanos());
        this.functions = FunctionTable.load(Thread.currentThread().getContextClassLoader(), options.libraries());
        this.aeronSetup = options.aeronDirectory() == null
                ? AeronSetup.embedded() : AeronSetup.external(options.aeronDirectory());
        try {
            Aeron aeron = aeronSetup.connect();
            Subscription control = aeron.addSubscription(options.controlChannel(), Protocol.CONTROL_STREAM_ID,
                    image -> { }, image -> lostImages.offer(image.sessionId()));
            ClusterAgent agent = new ClusterAgent(this, name, aeron, control, new WireTypes(options.frameAllocator()));
            this.runner = new AgentRunner(IdleStrategies.parse(options.idleStrategy()),
                    error -> LOG.error("{}: agent failed", name, error), null, agent);
            AgentRunner.startOnThread(runner);
        } catch (RuntimeException | Error e) {
            aeronSetup.close();
            throw e;
        }
    }

    /** Starts a cluster's coordinator: driver (unless external), client, control subscription, agent thread. */
    public static Coordinator start(ClusterOptions options) {
        return new Coordinator(options);
    }

    /** The agent thread's name, {@code streamz4j-scatter-<n>}. */
    public String name() {
        return name;
    }

    public String aeronDirectory() {
        return aeronSetup.aeronDirectoryName();
    }

    public ClusterOptions options() {
        return options;
    }

    public WorkerDirectory directory() {
        return directory;
    }

    public boolean isOpen() {
        return open;
    }

    /** Throws once the cluster closed: a producer waiting on it must not wait for ever. */
    void requireOpen() {
        if (!open) {
            throw new IllegalStateException(name + " is closed");
        }
    }

    ProgramState[] programs() {
        return programs;
    }

    /** The program of {@code id} (1-based), or null for an id never given. */
    ProgramState program(int id) {
        ProgramState[] all = programs;
        return id >= 1 && id <= all.length ? all[id - 1] : null;
    }

    /**
     * Checks that a program's functions are registered on this side (the same libraries as every
     * worker's), so a pipeline that no worker could run fails when it is built.
     *
     * @throws IllegalArgumentException naming the function that is not registered
     */
    public void checkFunctions(List<ProgramMessage.Step> steps) {
        for (ProgramMessage.Step step : steps) {
            if (!step.functionName().isEmpty() && functions.find(step.functionName()) == null) {
                throw new IllegalArgumentException("scatter: function '" + step.functionName()
                        + "' is not registered by any FunctionLibrary on this class path (known: "
                        + functions.names() + "); workers find functions by name, so register it in a library"
                        + " every side loads");
            }
        }
    }

    /**
     * Registers a scattered pipeline's program, whose functions {@link #checkFunctions} accepted;
     * the agent sends it to every worker, present and future.
     */
    public synchronized ProgramState register(List<ProgramMessage.Step> steps, int limit, GatherOrder order,
            boolean keyed, Stream<?> failingNode, Gather<?> gather) {
        requireOpen();
        checkFunctions(steps);
        ProgramState[] current = programs;
        ProgramState program = new ProgramState(current.length + 1, steps, limit, order, keyed, failingNode, gather);
        ProgramState[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = program;
        programs = next;
        return program;
    }

    /** The pipeline of {@code program} was destroyed: results still coming for it are dropped. */
    public void retire(ProgramState program) {
        program.close();
    }

    /** The producer side of {@code program}, for the thread that emits into its scatter node. */
    public Scatterer scatterer(ProgramState program) {
        return new Scatterer(this, program, IdleStrategies.parse(options.idleStrategy()),
                new WireTypes(options.frameAllocator()));
    }

    /** A message a worker sent that could not be decoded: counted, logged at debug level, never acted on. */
    void refused(RefusedMessageException e) {
        refused.incrementAndGet();
        LOG.debug("{}: refused a message: {}", name, e.getMessage());
    }

    /** A snapshot of every worker's counters and round-trip percentiles, dead workers included. */
    public List<WorkerMetrics> metrics() {
        List<WorkerMetrics> all = new ArrayList<>();
        for (WorkerState worker : directory.workers()) {
            Histogram roundTrip = worker.roundTrip.copy();
            all.add(new WorkerMetrics(worker.index, worker.name, worker.pid, worker.state != WorkerState.DEAD,
                    worker.elementsIn, worker.elementsOut, worker.inFlight, worker.errors, worker.resends,
                    worker.refused, roundTrip.getValueAtPercentile(50), roundTrip.getValueAtPercentile(99),
                    roundTrip.getValueAtPercentile(99.9)));
        }
        return all;
    }

    public long refusedMessages() {
        return refused.get();
    }

    /** Waits until {@code program} has nothing in flight; false if {@code timeout} passed first. */
    public boolean awaitDrained(ProgramState program, Duration timeout) {
        return awaitDrained(new ProgramState[] {program}, timeout);
    }

    /** Waits until no program has anything in flight; false if {@code timeout} passed first. */
    public boolean awaitDrained(Duration timeout) {
        return awaitDrained(programs, timeout);
    }

    private boolean awaitDrained(ProgramState[] which, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        IdleStrategy idle = IdleStrategies.parse("sleeping");
        for (ProgramState program : which) {
            while (!program.closed && program.ring.inFlight() > 0) {
                if (System.nanoTime() - deadline > 0 || !open) {
                    return false;
                }
                idle.idle();
            }
        }
        return true;
    }

    /**
     * Waits (bounded by the close timeout) for the results still in flight, then stops: SHUTDOWN
     * to the workers, the agent thread ended, publications, subscription, client and embedded
     * driver closed and its directory deleted. A second call does nothing.
     */
    @Override
    public void close() {
        if (onAgentThread()) {
            throw new IllegalStateException(name + ": close the cluster from a thread of your own, not from a node"
                    + " below gather, which runs on the agent thread that closing waits for");
        }
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        if (!awaitDrained(options.closeTimeout())) {
            LOG.warn("{}: closing with elements still in flight after {}", name, options.closeTimeout());
        }
        open = false;
        for (ProgramState program : programs) {
            program.close();
        }
        shuttingDown = true;
        try {
            awaitWorkersGone();
            runner.close();
        } finally {
            aeronSetup.close();
        }
    }

    /** Whether the calling thread is the agent's, which must not wait for results it delivers itself. */
    public boolean onAgentThread() {
        return Thread.currentThread() == runner.thread();
    }

    boolean shuttingDown() {
        return shuttingDown;
    }

    /**
     * Waits, at most a worker timeout, until every worker said GOODBYE to the SHUTDOWN the agent
     * sends (or went silent): on IPC the workers map this process's driver's files, which must
     * outlive their last poll.
     */
    private void awaitWorkersGone() {
        long deadline = System.nanoTime() + options.workerTimeout().toNanos();
        IdleStrategy idle = IdleStrategies.parse("sleeping");
        while (!directory.liveIndexes().isEmpty() && System.nanoTime() - deadline < 0) {
            idle.idle();
        }
    }
}
