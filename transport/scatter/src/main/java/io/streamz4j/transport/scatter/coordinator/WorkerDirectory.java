package io.streamz4j.transport.scatter.coordinator;

import io.streamz4j.runtime.Clock;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The workers a cluster knows: a HELLO gives a new worker the next index (never reused: a
 * worker process that comes back has a new uid and joins as a new worker), a HELLO announcing a
 * work channel and stream another live worker already listens on is rejected (two workers would
 * each read the other's tasks), and a worker is dead once nothing came from it for the timeout on
 * the injected clock, once its image on the control subscription went away, or once it said
 * GOODBYE. A dead worker stays dead: its late messages are ignored.
 *
 * <p>Thread safety: the agent thread changes the directory; any thread reads {@link #workers()},
 * a copy-on-write array published with a volatile write, so a producer picks among workers
 * without a lock (joins and deaths are rare; lookups per element are not).
 */
public final class WorkerDirectory {
    private static final WorkerState[] NONE = new WorkerState[0];

    private final Clock clock;
    private final long timeoutNanos;
    private final Long2ObjectHashMap<WorkerState> byUid = new Long2ObjectHashMap<>();
    private final Int2ObjectHashMap<WorkerState> bySession = new Int2ObjectHashMap<>();
    private volatile WorkerState[] workers = NONE;

    public WorkerDirectory(Clock clock, long timeoutNanos) {
        this.clock = clock;
        this.timeoutNanos = timeoutNanos;
    }

    /** Every worker that ever joined, by index: the dead ones too (their metrics stay readable). */
    public WorkerState[] workers() {
        return workers;
    }

    /**
     * Why a HELLO from {@code uid} announcing {@code workChannel}/{@code workStreamId} may not
     * join, or null when it may (a repeated HELLO from a live worker may: {@link #join} returns
     * the same worker).
     */
    public String refusal(long uid, String workChannel, int workStreamId) {
        WorkerState known = byUid.get(uid);
        if (known != null) {
            return known.state == WorkerState.DEAD
                    ? "worker uid " + uid + " was declared dead; a restarted worker needs a new uid"
                    : null;
        }
        for (WorkerState other : workers) {
            if (other.state != WorkerState.DEAD && other.workStreamId == workStreamId
                    && other.workChannel.equals(workChannel)) {
                return "work stream " + workStreamId + " on " + workChannel + " is already taken by worker "
                        + other.index + " (" + other.name + ")";
            }
        }
        return null;
    }

    /** Adds the worker a HELLO announced, which {@link #refusal} allowed; a repeated HELLO returns the one known. */
    public WorkerState join(long uid, int pid, String name, String workChannel, int workStreamId,
            Set<String> functions, int sessionId) {
        WorkerState known = byUid.get(uid);
        if (known != null) {
            return known;
        }
        WorkerState[] current = workers;
        WorkerState worker = new WorkerState(current.length, uid, pid, name, workChannel, workStreamId, functions,
                sessionId, clock.nanoTime());
        byUid.put(uid, worker);
        bySession.put(sessionId, worker);
        WorkerState[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = worker;
        workers = next;
        return worker;
    }

    /** The worker with this uid, dead or alive, or null when none joined with it. */
    public WorkerState known(long uid) {
        return byUid.get(uid);
    }

    /** The live worker with this uid, or null (unknown, or dead: its messages are ignored). */
    public WorkerState live(long uid) {
        WorkerState worker = byUid.get(uid);
        return worker == null || worker.state == WorkerState.DEAD ? null : worker;
    }

    /** Something came from {@code worker}: it is alive now. */
    public void seen(WorkerState worker) {
        worker.lastSeenNanos = clock.nanoTime();
    }

    /** Marks {@code worker} ready to take elements: it was welcomed and sent every program. */
    public void ready(WorkerState worker) {
        if (worker.state == WorkerState.JOINING) {
            worker.state = WorkerState.READY;
        }
    }

    /**
     * Declares dead every live worker silent for longer than the timeout, handing each to
     * {@code onDeath} after marking it; returns how many died.
     */
    public int expire(Consumer<WorkerState> onDeath) {
        long now = clock.nanoTime();
        int died = 0;
        for (WorkerState worker : workers) {
            if (worker.state != WorkerState.DEAD && now - worker.lastSeenNanos > timeoutNanos) {
                kill(worker, onDeath);
                died++;
            }
        }
        return died;
    }

    /** The image of control-publication session {@code sessionId} went away: its worker is dead. */
    public void imageLost(int sessionId, Consumer<WorkerState> onDeath) {
        WorkerState worker = bySession.get(sessionId);
        if (worker != null && worker.state != WorkerState.DEAD) {
            kill(worker, onDeath);
        }
    }

    /** Declares {@code worker} dead (a GOODBYE, or any of the above) unless it already is. */
    public void kill(WorkerState worker, Consumer<WorkerState> onDeath) {
        if (worker.state == WorkerState.DEAD) {
            return;
        }
        worker.state = WorkerState.DEAD;
        bySession.remove(worker.sessionId);
        onDeath.accept(worker);
    }

    /** The live workers' ids (their indexes), in joining order. */
    public List<Integer> liveIndexes() {
        List<Integer> live = new ArrayList<>();
        for (WorkerState worker : workers) {
            if (worker.state != WorkerState.DEAD) {
                live.add(worker.index);
            }
        }
        return live;
    }
}
