package io.streamz4j.transport.scatter.coordinator;

import io.aeron.Publication;
import org.HdrHistogram.ConcurrentHistogram;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Set;

/**
 * What the coordinator knows of one worker process: who it is (index, uid, pid, name, where it
 * listens), whether it is joining, ready or dead, its publication, and its counters.
 *
 * <p>Thread safety: the agent thread writes the lifecycle ({@link #state}, {@link #programsSent}),
 * {@link #lastSeenNanos} and the counters only it changes; producers read the volatile lifecycle
 * fields to pick a worker. {@link #elementsIn} and {@link #inFlight} change on both the producer
 * (first sends) and the agent (resends, completions), with atomic adds. The round-trip histogram
 * is recorded by the agent without allocation and read by {@code Cluster.metrics()} from any
 * thread (HdrHistogram's concurrent variant).
 */
public final class WorkerState {
    public static final int JOINING = 0;
    public static final int READY = 1;
    public static final int DEAD = 2;
    /** Round trips above a minute are recorded as a minute: the histogram's range is fixed. */
    static final long HIGHEST_TRACKED_NANOS = 60_000_000_000L;

    private static final VarHandle ELEMENTS_IN;
    private static final VarHandle IN_FLIGHT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            ELEMENTS_IN = lookup.findVarHandle(WorkerState.class, "elementsIn", long.class);
            IN_FLIGHT = lookup.findVarHandle(WorkerState.class, "inFlight", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int index;
    final long uid;
    final int pid;
    final String name;
    final String workChannel;
    final int workStreamId;
    final Set<String> functions;
    /** The Aeron session of the worker's control publication, to match an image that goes away. */
    final int sessionId;
    /** The coordinator's publication to this worker's work stream; null in tests without Aeron. */
    Publication publication;

    volatile int state = JOINING;
    /** How many of the cluster's programs this worker was sent, in program order. */
    volatile int programsSent;
    /** Whether WELCOME went out (agent only). */
    boolean welcomed;
    /** Whether SHUTDOWN went out, the cluster closing (agent only). */
    boolean shutdownSent;
    /** Whether the worker, declared dead yet still talking, was sent a REJECT (agent only). */
    boolean rejectSent;
    /** When anything last came from the worker, on the cluster's clock (agent only). */
    long lastSeenNanos;

    volatile long elementsIn;
    volatile long elementsOut;
    volatile long errors;
    volatile long resends;
    volatile long refused;
    volatile long inFlight;
    final ConcurrentHistogram roundTrip = new ConcurrentHistogram(1, HIGHEST_TRACKED_NANOS, 3);

    WorkerState(int index, long uid, int pid, String name, String workChannel, int workStreamId,
            Set<String> functions, int sessionId, long nowNanos) {
        this.index = index;
        this.uid = uid;
        this.pid = pid;
        this.name = name;
        this.workChannel = workChannel;
        this.workStreamId = workStreamId;
        this.functions = functions;
        this.sessionId = sessionId;
        this.lastSeenNanos = nowNanos;
    }

    public int index() {
        return index;
    }

    public int pid() {
        return pid;
    }

    public String name() {
        return name;
    }

    public boolean isReady() {
        return state == READY;
    }

    public boolean isDead() {
        return state == DEAD;
    }

    public long inFlight() {
        return inFlight;
    }

    /** An element was sent to this worker (a first send or a resend). */
    void sent() {
        ELEMENTS_IN.getAndAdd(this, 1L);
        IN_FLIGHT.getAndAdd(this, 1L);
    }

    /** One of the elements sent here completed (or was taken back when the worker died). */
    void settled() {
        IN_FLIGHT.getAndAdd(this, -1L);
    }

    /** Records a round trip; called by the agent only. */
    void roundTrip(long nanos) {
        roundTrip.recordValue(Math.max(1, Math.min(nanos, HIGHEST_TRACKED_NANOS)));
    }
}
