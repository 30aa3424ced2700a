package io.streamz4j.checkpoint;

import io.streamz4j.Arguments;
import io.streamz4j.Metadata;
import io.streamz4j.RefCounter;
import io.streamz4j.Source;
import io.streamz4j.Stream;
import io.streamz4j.runtime.Clock;
import io.streamz4j.runtime.EventLoop;
import io.streamz4j.runtime.Threads;
import io.streamz4j.runtime.WaitStrategy;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A source whose every element is first appended to a Chronicle queue on disk (through a
 * {@link Codec}), then emitted with a {@link RefCounter} under {@code "ref"} in its metadata, beside
 * its {@link JournalPosition} under {@code "journal"} (what an exactly-once sink reads). When
 * no node holds an element any more its counter reaches zero; the checkpoint (every index through
 * which all elements are done) advances, and is stored beside the journal every
 * {@code checkpointInterval}. {@link #start()} replays everything after the stored checkpoint
 * before any new element is taken: at-least-once delivery across crashes, duplicates only for
 * elements that were in flight. Registered {@link Snapshottable} nodes are stored with each
 * checkpoint and restored before replay; journal cycles below the checkpoint are deleted as the
 * {@link Retention} policy says.
 *
 * <p>An element a node throws on while this source delivers it is handled as the
 * {@link FailurePolicy} says (by default it moves to the dead-letter journal, see
 * {@link #deadLetters()}, and the checkpoint passes it), and a damaged entry met during replay as
 * the {@link DamagedEntryPolicy} says; either is counted and logged, never lost silently.
 *
 * <p>Thread safety: {@link #emit} is called by one thread at a time (use a {@code threadSafe()}
 * stream in front for many producers), and only after {@link #start()} has returned; the replay
 * runs on the thread calling {@link #start()}. Checkpoints are stored by the thread
 * {@code streamz4j-<name>-checkpoint} (none when the interval is zero; made by the pipeline's
 * {@link Threads}, see {@link Builder#threads}; in invoker mode the invoker's duty cycles store them
 * instead) or by {@link #checkpoint()};
 * {@link CheckpointListener}s are called on that thread. {@link #close()} ends the pipeline as
 * {@link io.streamz4j.Stream#close()} does, waits (bounded) until nothing is in flight outside
 * snapshotted nodes, stores a last checkpoint and closes the journal, so a clean restart replays
 * nothing. {@link #metrics()} may be read from any thread.
 * {@link Builder#build()} takes the directory's lock, which {@link #close()} releases: one source
 * per journal at a time.
 *
 * @param <T> the element type
 */
public final class JournaledSource<T> extends Source<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JournaledSource.class);
    /** How many checkpoints in a row snapshots may hold back before a warning says why. */
    static final int STALL_WARNING_AFTER = 10;
    /** The most emits skipped between two failed attempts at a snapshot cut (each walks what is in flight). */
    static final int MAX_CUT_BACKOFF = 1024;

    private final JournalFiles<T> files;
    private final Journal<T> journal;
    /** Registered before start, read-only after. */
    private final Map<String, Snapshottable> snapshots = new LinkedHashMap<>();
    private final Duration checkpointInterval;
    private final DeadLetterJournal<T> deadLetters;
    private final ElementFailures<T> failures;
    private final UnsnapshottedState unsnapshottedState;
    private final Duration closeTimeout;
    private final CheckpointListeners listeners;
    private final SourceMetrics metrics;
    /** What {@link #metrics()} reports once the journal is closed. */
    private volatile CheckpointMetrics finalMetrics;
    private CompletionTracker tracker;
    private Checkpointer checkpointer;
    /** The latest consistent state captured by the emitting thread, waiting to be stored. */
    private volatile Checkpoint captured = Checkpoint.NONE;
    private volatile boolean snapshotDue;
    private volatile boolean ready;
    private volatile boolean closed;
    /** Whether the last checkpoint has been stored and the journal closed; under the monitor. */
    private boolean finished;
    /** Checkpoints in a row that snapshots held back although elements completed; under the monitor. */
    private int stalledCheckpoints;
    /** Set once the stall has lasted {@link #STALL_WARNING_AFTER} checkpoints; the emitting thread then names its holders. */
    private volatile boolean stallReportDue;
    /** Written and read by the emitting thread (the starting one during replay). */
    private T lastJournaled;
    /** Whether {@link #lastJournaled} was read from the journal, so is the source's to release. */
    private boolean lastDecoded;
    /** The journal index of the newest element delivered; emitting thread only. */
    private long lastIndex = -1;
    /** Emits to let pass before the next attempt at a cut, and the current back-off; emitting thread only. */
    private int cutSkips;
    private int cutBackoff;

    private JournaledSource(Builder<T> b) {
        // The loop a plain source's first time-based node would create, named the same; its
        // thread starts only when such a node acquires it.
        super(b.name, b.loop != null ? b.loop : EventLoop.create(b.name != null ? b.name : "journaled",
                Clock.system(), WaitStrategy.BLOCKING, b.threads));
        this.files = JournalFiles.open(b.dir, "journaled source", "journaled source '"
                + (b.name != null ? b.name : "journaled") + "'", b.codec, b.options);
        this.journal = files.journal;
        this.deadLetters = files.deadLetters;
        this.failures = new ElementFailures<>(this, journal, b.codec, b.options.failurePolicy, b.options.damagedEntries,
                new AttemptsFile(b.dir), deadLetters);
        this.checkpointInterval = b.options.checkpointInterval;
        this.unsnapshottedState = b.unsnapshottedState;
        this.closeTimeout = b.closeTimeout;
        this.listeners = new CheckpointListeners(this, journal::describe);
        this.metrics = new SourceMetrics(b.options.timeProvider);
    }

    /** A builder for a source journaling to {@code dir} with {@code codec}. */
    public static <T> Builder<T> builder(Path dir, Codec<T> codec) {
        return new Builder<>(dir, codec);
    }

    /**
     * Stores {@code node}'s state with every checkpoint under {@code nodeName} and restores it at
     * {@link #start()}; register every stateful node before starting.
     */
    public JournaledSource<T> snapshot(String nodeName, Snapshottable node) {
        Arguments.requireNonNull(nodeName, kind(), "nodeName");
        Arguments.requireNonNull(node, kind(), "node");
        if (tracker != null) {
            throw new IllegalStateException(this + ": register snapshots before start()");
        }
        if (snapshots.putIfAbsent(nodeName, node) != null) {
            throw new IllegalArgumentException(kind() + ": snapshot name '" + nodeName + "' is already registered");
        }
        return this;
    }

    /**
     * Calls {@code listener} around every checkpoint this source stores (see
     * {@link CheckpointListener}: a sink commits its output in two phases with it); register
     * before {@link #start()}.
     */
    public JournaledSource<T> onCheckpoint(CheckpointListener listener) {
        Arguments.requireNonNull(listener, kind(), "listener");
        if (tracker != null) {
            throw new IllegalStateException(this + ": register checkpoint listeners before start()");
        }
        listeners.add(listener);
        return this;
    }

    /** Restores snapshots, replays what follows the stored checkpoint, then accepts new elements. */
    @Override
    protected void launch() {
        if (ready) {
            return;
        }
        if (closed) {
            throw new IllegalStateException(this + ": closed; a closed journaled source cannot start again");
        }
        StateCoverage.checkAtStart(this, snapshots.values(), unsnapshottedState);
        Checkpoint checkpoint = files.atOpen;
        Path checkpointFile = files.checkpointFile.path();
        TrimMarker.requireReplayable(journal.dir(), checkpoint, !snapshots.isEmpty(), checkpointFile);
        ResumePoint<T> resume = ResumePoint.check(journal, checkpoint, checkpointFile);
        listeners.restored(checkpoint.completedThrough()); // before anything is restored: a failure leaves the source as it was
        restoreSnapshots(checkpoint);
        files.resumedFrom(checkpoint);
        captured = checkpoint;
        tracker = new CompletionTracker(checkpoint.completedThrough(), failures::failedElsewhere);
        lastIndex = checkpoint.completedThrough();
        Journal.Replayed replayed = journal.replayAfter(checkpoint.completedThrough(), this::replay,
                this::replayDamaged);
        LOG.info("{}: replayed {} elements after the checkpoint at {}{}{}", this, replayed.count(),
                checkpoint.completedThrough() < 0 ? "the start" : journal.indexName(checkpoint.completedThrough()),
                replayed.corrupt() > 0 ? " (" + replayed.corrupt() + " damaged entries dead-lettered)" : "",
                replayed.fillers() > 0 ? " (" + replayed.fillers() + " fillers for lost entries skipped)" : "");
        metrics.started(checkpoint.completedThrough(), replayed.count());
        if (replayed.count() == 0 && checkpoint.completedThrough() >= 0) {
            remember(resume.lastJournaled(), true);
        }
        journal.prepareWriter();
        resume.moveWriterPast();
        ready = true;
        if (!checkpointInterval.isZero()) {
            checkpointer = Checkpointer.start(this, pipelineThreads(), "streamz4j-" + pipelineName() + "-checkpoint",
                    checkpointInterval, this::checkpoint);
        }
    }

    /** Nothing to run: elements arrive through {@link #emit}. */
    @Override
    protected void run() {
    }

    private void restoreSnapshots(Checkpoint checkpoint) {
        for (Map.Entry<String, Snapshottable> node : snapshots.entrySet()) {
            byte[] state = checkpoint.snapshots().get(node.getKey());
            if (state != null) {
                node.getValue().restore(state);
            } else if (checkpoint.completedThrough() >= 0) {
                LOG.warn("{}: the checkpoint holds no snapshot for '{}'; it starts from its initial state",
                        this, node.getKey());
            }
        }
    }

    private void replay(long index, T value) {
        remember(value, true); // before delivering, so close() releases it if a node throws
        deliver(index, value, Metadata.NONE);
    }

    /** A damaged entry in the replay range: the policy stops the start (throws) or dead-letters it. */
    private void replayDamaged(long index, byte[] raw, RefusedEntryException refusal) {
        failures.damaged(index, raw, refusal);
        tracker.track(index).ref().release(); // dead-lettered: nothing will ever hold it
        lastIndex = index;
    }

    /**
     * Makes {@code value} the newest journaled element, releasing the previous one if it was read
     * from the journal (a replayed frame is lent to the pipeline, and kept here until replaced).
     */
    private void remember(T value, boolean decoded) {
        if (lastDecoded) {
            journal.release(lastJournaled);
        }
        lastJournaled = value;
        lastDecoded = decoded && value != null;
    }

    /** Journals {@code x}, then emits it downstream with a reference counter in its metadata. */
    @Override
    public void emit(T x) {
        long index = append(x);
        remember(x, false);
        deliver(index, x, Metadata.NONE);
    }

    /** As {@link #emit(Object)}, keeping {@code metadata}'s maps before the journal's own. */
    @Override
    public void emit(T x, List<Map<String, Object>> metadata) {
        long index = append(x);
        remember(x, false);
        deliver(index, x, Metadata.of(metadata));
    }

    private long append(T x) {
        if (!ready || closed) {
            throw new IllegalStateException(this + (closed ? ": closed" : ": call start() first, which replays"
                    + " the journal, before emitting new elements"));
        }
        Arguments.requireNonNull(x, kind(), "x");
        return journal.append(x);
    }

    private void deliver(long index, T x, List<Map<String, Object>> userMetadata) {
        InFlight element = tracker.track(index);
        try {
            deliverOnce(element, x, userMetadata);
        } catch (RuntimeException | Error e) {
            failures.failed(element, x, e, !ready, () -> deliverOnce(element, x, userMetadata));
        }
        lastIndex = index;
        if (snapshotDue) {
            tryCut();
        }
    }

    /** Emits {@code x} downstream with {@code element}'s counter, held by this source until it returns. */
    private void deliverOnce(InFlight element, T x, List<Map<String, Object>> userMetadata) {
        RefCounter ref = element.ref();
        List<Map<String, Object>> metadata;
        if (userMetadata == Metadata.NONE) {
            metadata = element.metadata();
        } else {
            metadata = new ArrayList<>(userMetadata.size() + 1);
            metadata.addAll(userMetadata);
            metadata.add(element.entry());
        }
        try {
            emitDownstream(x, metadata);
        } finally {
            ref.release();
        }
    }

    /**
     * Captures the snapshots if this moment is a consistent cut; after a failed attempt (something
     * not snapshotted holds an element) waits a doubling number of emits before the next, so a
     * long stall does not walk the elements in flight at every emit. Once {@link #checkpoint()}
     * has seen the stall last, names the nodes holding the elements here, where they may be read.
     */
    private void tryCut() {
        if (stallReportDue) {
            stallReportDue = false;
            long at = captured.completedThrough();
            List<String> holders = checkpointHeldBy();
            metrics.stalledBy(holders);
            StallReport.warn(this, at < 0 ? "the start" : journal.describe(at), STALL_WARNING_AFTER, holders);
        }
        if (cutSkips > 0) {
            cutSkips--;
        } else if (atConsistentCut()) {
            captureSnapshots();
            cutBackoff = 0;
        } else {
            cutBackoff = Math.min(Math.max(1, cutBackoff * 2), MAX_CUT_BACKOFF);
            cutSkips = cutBackoff;
        }
    }

    /**
     * True when every reference to an element in flight is held by a snapshotted node (trivially
     * when nothing is in flight); on the emitting thread, between emits.
     */
    private boolean atConsistentCut() {
        Set<RefCounter> live = Collections.newSetFromMap(new IdentityHashMap<>());
        if (tracker.outstanding() > 0) {
            tracker.liveReferences(live);
        }
        // Every node is asked even when nothing is in flight: a node on a loop thread captures its
        // state together with its count, and the snapshot() that follows returns that capture.
        long held = 0;
        for (Snapshottable node : snapshots.values()) {
            held += node.heldReferences(live::contains);
        }
        // Summed only now: a node on a loop first takes in what was handed to its loop, and may
        // let some of it go at once (a partition filled by it), so a sum taken before the nodes
        // were asked would count references that are gone by the time they answer. Counts can
        // only fall meanwhile (nothing new is emitted), so a mismatch refuses the cut, never
        // accepts a wrong one.
        long total = 0;
        for (RefCounter ref : live) {
            total += Math.max(0, ref.count());
        }
        return held == total;
    }

    /**
     * Called on the emitting thread at a consistent cut: every element through the newest one
     * journaled is either done or held by a snapshotted node, whose snapshot includes it.
     */
    private void captureSnapshots() {
        Map<String, byte[]> states = new LinkedHashMap<>();
        for (Map.Entry<String, Snapshottable> node : snapshots.entrySet()) {
            states.put(node.getKey(), node.getValue().snapshot());
        }
        captured = new Checkpoint(lastIndex, states);
        snapshotDue = false;
    }

    /**
     * Stores the checkpoint now, if it has moved, and deletes the cycles retention allows; returns
     * the stored checkpoint's index (-1: nothing done yet). With snapshotted nodes the checkpoint is
     * the latest consistent cut the emitting thread captured (see {@link Snapshottable}): not the
     * tracker's own, which may be ahead of the state the snapshots hold. It never moves backward.
     * Each {@link CheckpointListener} is told before the checkpoint is stored (one that throws keeps
     * it from being stored: a {@link JournalException} here, naming the listener) and after.
     */
    public synchronized long checkpoint() {
        Checkpoint stored = files.stored();
        if (tracker == null || finished) {
            return stored.completedThrough();
        }
        Checkpoint next = snapshots.isEmpty() ? new Checkpoint(tracker.completedThrough(), Map.of()) : captured;
        if (next.completedThrough() > stored.completedThrough()) {
            try {
                listeners.beforeStore(next.completedThrough());
            } catch (JournalException e) {
                metrics.stalled();
                throw e;
            }
            stored = files.store(next);
            metrics.stored(next.completedThrough());
            stalledCheckpoints = 0;
            listeners.afterStore(next.completedThrough());
        } else if (tracker.newestIndex() <= stored.completedThrough()) {
            metrics.upToDate();
        } else if (!snapshots.isEmpty() && tracker.completedThrough() > stored.completedThrough()) {
            metrics.stalled();
            if (++stalledCheckpoints == STALL_WARNING_AFTER) {
                stallReportDue = true; // the nodes are read on the emitting thread, at its next attempt at a cut
            }
        }
        snapshotDue = !snapshots.isEmpty();
        return stored.completedThrough();
    }

    /**
     * What keeps the checkpoint from moving while snapshots are registered: the nodes below this
     * source that hold references to its elements in flight and that no registered snapshot
     * covers, each with its count, then how many references nodes that do not say what they hold
     * (a buffer's ring) keep. Empty when the snapshotted nodes hold everything in flight. Call it
     * on the emitting thread between emits, or once emitting has stopped.
     */
    public List<String> checkpointHeldBy() {
        Set<RefCounter> live = Collections.newSetFromMap(new IdentityHashMap<>());
        if (tracker != null && tracker.outstanding() > 0) {
            tracker.liveReferences(live);
        }
        return StallReport.holders(this, snapshots.values(), live);
    }

    /**
     * The nodes below this source that keep state no registered snapshot stores, each with what to
     * register for it: {@link #start()} warns about them, or refuses to start
     * ({@link Builder#unsnapshottedState}).
     */
    public List<String> unsnapshottedNodes() {
        return StateCoverage.unsnapshotted(this, snapshots.values());
    }

    /** How many emitted elements some node still holds. */
    public long inFlight() {
        return tracker == null ? 0 : tracker.outstanding();
    }

    /**
     * The newest element in the journal (null if none), known once {@link #start()} has replayed:
     * where a producer resumes after a restart. When nothing follows the checkpoint and the
     * journal's copy of the checkpointed element is damaged or lost (a torn write, a tail that
     * never reached the disk), it is decoded from the copy the checkpoint stores. Read on the emitting thread. One read back from
     * the journal whose codec releases it (a frame) is lent, as a replayed element is: valid until
     * the next emit or {@link #close()}; retain it to keep it longer.
     */
    public T lastJournaled() {
        if (tracker == null) {
            throw new IllegalStateException(this + ": the newest journaled element is known after start()");
        }
        return lastJournaled;
    }

    /**
     * Every element in the dead-letter journal (in the subdirectory {@code dead-letters} of
     * {@link #dir()}), oldest first: elements moved there by the {@link FailurePolicy} and damaged
     * entries by the {@link DamagedEntryPolicy}, each saying whether it was re-emitted. Any thread.
     */
    public List<DeadLetter<T>> deadLetters() {
        if (closed) {
            throw new IllegalStateException(this + ": closed; open the journal again to read its dead letters");
        }
        return deadLetters.read();
    }

    /**
     * Journals {@code letter}'s value anew and emits it, as {@link #emit(Object)} does, after
     * recording durably in the dead-letter journal that it was re-emitted, so it is never re-emitted
     * twice; returns its new journal index. If it fails again the failure policy applies to it
     * afresh. A crash between journaling it and recording that leaves it journaled and still
     * unhandled (at-least-once, as everywhere in this source). Called on the emitting thread.
     *
     * @throws IllegalStateException    if it was re-emitted already
     * @throws IllegalArgumentException if it has no value (a damaged entry, or bytes the codec cannot read)
     */
    public long reEmit(DeadLetter<T> letter) {
        Arguments.requireNonNull(letter, kind(), "letter");
        long earlier = deadLetters.reEmittedAt(letter.index());
        if (earlier >= 0) {
            throw new IllegalStateException(this + ": " + deadLetters.describe(letter.index())
                    + " was re-emitted already, at " + journal.describe(earlier));
        }
        if (letter.value() == null) {
            throw new IllegalArgumentException(kind() + ": parameter 'letter' (" + deadLetters.describe(letter.index())
                    + ", " + letter.kind() + ") has no value to re-emit; its " + letter.raw().length
                    + " raw bytes are kept there");
        }
        long index = append(letter.value());
        remember(letter.value(), false);
        deadLetters.markReEmitted(letter.index(), index);
        deliver(index, letter.value(), Metadata.NONE);
        return index;
    }

    /** How many deliveries of elements failed (each retry counts), whatever the policy did next. */
    public long failureCount() {
        return failures.failed();
    }

    /** How many elements and damaged entries this source moved to the dead-letter journal. */
    public long deadLetteredCount() {
        return failures.deadLettered();
    }

    /** How many damaged journal entries the replay met (dead-lettered, or the one that stopped it). */
    public long damagedEntryCount() {
        return failures.damaged();
    }

    /** "index 0x… (cycle c, entry n) of journal dir": how this source's indexes are written in messages. */
    String describe(long index) {
        return journal.describe(index);
    }

    /** The journal's directory. */
    public Path dir() {
        return journal.dir();
    }

    /**
     * The source's checkpoint figures now: index, lag, age, replayed and in-flight counts, stalls.
     * Any thread, while the source runs and after; never takes a lock.
     */
    public CheckpointMetrics metrics() {
        CheckpointMetrics last = finalMetrics;
        if (last != null) {
            return last;
        }
        try {
            return metrics.read(tracker, journal, failures);
        } catch (IllegalStateException closedMeanwhile) {
            // the journal closed between the two reads: what close() recorded just before is current
            CheckpointMetrics closed = finalMetrics;
            if (closed == null) {
                throw closedMeanwhile;
            }
            return closed;
        }
    }

    /**
     * Ends the pipeline cleanly, so that a restart replays nothing: refuses further elements, then
     * ends the pipeline as {@link io.streamz4j.Stream#close()} does (its buffers deliver what they
     * accepted, its time-based nodes emit what they hold, its nodes are destroyed), and, before
     * any node below is destroyed, waits until every element still in flight is held by a
     * snapshotted node (or none is in flight), for as long as elements keep completing and at
     * most {@code closeTimeout} (see {@link CloseWait}), then stores a last checkpoint and closes
     * the journal. If the wait ends first, a warning names the oldest element still held, and the
     * last consistent checkpoint is stored: what follows it replays at the next start. Call it
     * from the emitting thread, or once that has stopped emitting, and not from one of the
     * pipeline's own threads. {@code destroy()} and a {@code close()} of another node of the
     * pipeline reach the same last checkpoint.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true; // emit refuses from here on
        }
        stopCheckpointer();
        super.close(); // destroying this source, first of its pipeline, reaches finish() below
    }

    /**
     * Stops the checkpoint thread, outside the monitor: a checkpoint it is storing holds the
     * monitor, and is let finish.
     */
    private void stopCheckpointer() {
        Checkpointer stopping = checkpointer;
        if (stopping != null) {
            stopping.stop(closeTimeout);
        }
    }

    @Override
    protected void onDestroy() {
        stopCheckpointer();
        finish();
    }

    /**
     * Called when this source is destroyed, before the nodes below it are (they would let go of
     * what they hold, which no snapshot then covers): waits for a consistent cut, stores the last
     * checkpoint and closes the journal. A failure to store it is logged, not thrown, so the rest
     * of the pipeline is still destroyed; the next start then replays from the stored one.
     */
    private synchronized void finish() {
        if (finished) {
            return;
        }
        closed = true;
        try {
            if (tracker != null) {
                new CloseWait(this, closeTimeout).await();
                checkpoint();
            }
        } catch (RuntimeException e) {
            LOG.error("{}: the last checkpoint could not be stored; the next start replays what follows {}",
                    this, journal.describe(files.stored().completedThrough()), e);
        } finally {
            finalMetrics = metrics.read(tracker, journal, failures);
            finished = true;
            ready = false;
            super.stop();
            if (lastDecoded) {
                remember(null, false); // a replayed frame's memory goes back with the source
            }
            files.close();
        }
    }

    /**
     * For {@link CloseWait}: true, after capturing the snapshots, when this moment is a
     * consistent cut (nothing in flight, or all of it held by snapshotted nodes); on the closing
     * thread, which no emit runs beside.
     */
    boolean settledForClose() {
        boolean settled = snapshots.isEmpty() ? tracker.outstanding() == 0 : atConsistentCut();
        if (settled && !snapshots.isEmpty()) {
            captureSnapshots();
        }
        return settled;
    }

    /** For {@link CloseWait}'s warning: what is still in flight, and which element is the oldest. */
    String inFlightDescription() {
        List<String> holders = checkpointHeldBy(); // emitting has stopped: the nodes may be read
        return tracker.outstanding() + " element(s) still in flight, the oldest at "
                + journal.describe(tracker.oldestOutstandingIndex())
                + (holders.isEmpty() ? "" : " (" + String.join("; ", holders) + ")");
    }

    /** For {@link CloseWait}'s warning: the checkpoint that will be stored. */
    String checkpointDescription() {
        long next = snapshots.isEmpty() ? tracker.completedThrough() : captured.completedThrough();
        return next < 0 ? "the journal's start" : journal.describe(next);
    }

    /** A node wired below after start() missed the replay: warned about or refused (not after a refused start). */
    @Override
    protected void connectedAfterStart(Stream<?> node) {
        if (ready) {
            StateCoverage.connectedAfterStart(this, node, unsnapshottedState);
        }
    }

    @Override
    protected String kind() {
        return "journaled";
    }

    @Override
    protected String parameter() {
        return journal.dir().toString();
    }

    /**
     * Options of a {@link JournaledSource}.
     *
     * <p>Thread safety: none; build on one thread.
     */
    public static final class Builder<T> {
        private final Path dir;
        private final Codec<T> codec;
        private final JournalOptions options = new JournalOptions("journaled source");
        private String name;
        private EventLoop loop;
        private Threads threads;
        private UnsnapshottedState unsnapshottedState = UnsnapshottedState.WARN;
        private Duration closeTimeout = Duration.ofSeconds(5);

        private Builder(Path dir, Codec<T> codec) {
            this.dir = Arguments.requireNonNull(dir, "journaled source", "dir");
            this.codec = Arguments.requireNonNull(codec, "journaled source", "codec");
        }

        /** The source's name, shown in logs, thread names and graphs. */
        public Builder<T> name(String sourceName) {
            this.name = Arguments.requireNonNull(sourceName, "journaled source", "name");
            return this;
        }

        /**
         * The event loop that runs the pipeline's time-based nodes (timed windows, partitions with
         * a timeout) and whose clock they read; by default one of its own on the system clock.
         * Tests pass a loop on a manual clock.
         */
        public Builder<T> loop(EventLoop pipelineLoop) {
            this.loop = Arguments.requireNonNull(pipelineLoop, "journaled source", "loop");
            return this;
        }

        /**
         * Where the checkpoint thread and the pipeline's loop, buffers and other threads come from
         * (a thread factory, or an invoker the service drives); by default the loop's, else the
         * process default (see {@link Threads}).
         */
        public Builder<T> threads(Threads pipelineThreads) {
            this.threads = Arguments.requireNonNull(pipelineThreads, "journaled source", "threads");
            return this;
        }

        /** How often the checkpoint is stored (100 ms by default); zero: only by checkpoint() and close(). */
        public Builder<T> checkpointInterval(Duration interval) {
            options.checkpointInterval(interval);
            return this;
        }

        /** How long one journal file covers (Chronicle's roll cycle; daily by default). */
        public Builder<T> rollCycle(RollCycle cycle) {
            options.rollCycle(cycle);
            return this;
        }

        /** The wall clock that picks the journal's cycle: tests pass a settable one. */
        public Builder<T> timeProvider(TimeProvider time) {
            options.timeProvider(time);
            return this;
        }

        /** Which cycles below the checkpoint to delete (by default every one wholly below it). */
        public Builder<T> retention(Retention policy) {
            options.retention(policy);
            return this;
        }

        /** Refuse elements (JournalFullException) when the disk has less free than this (64 MiB). */
        public Builder<T> minFreeDiskBytes(long bytes) {
            options.minFreeDiskBytes(bytes);
            return this;
        }

        /**
         * What to do with an element a node throws on while the source delivers it: by default
         * {@link FailurePolicy#deadLetter()} (see there why).
         */
        public Builder<T> failurePolicy(FailurePolicy policy) {
            options.failurePolicy(policy);
            return this;
        }

        /**
         * When the journal is forced to disk ({@link JournalSync}): by default {@code BATCH}, before
         * each checkpoint is stored, on the checkpointing thread, so a stored checkpoint never names
         * an entry a power cut can take, and the fsync stays off the emitting thread.
         */
        public Builder<T> journalSync(JournalSync policy) {
            options.journalSync(policy);
            return this;
        }

        /**
         * What {@code start()} does with a damaged entry in the range it replays: by default
         * {@link DamagedEntryPolicy#DEAD_LETTER} (see there why).
         */
        public Builder<T> damagedEntries(DamagedEntryPolicy policy) {
            options.damagedEntries(policy);
            return this;
        }

        /**
         * What {@code start()} does about a stateful node below the source that no registered
         * snapshot covers, and what connecting a node below it after {@code start()} does: a
         * warning naming it ({@link UnsnapshottedState#WARN}, the default) or an
         * IllegalStateException naming it and what to register ({@link UnsnapshottedState#REFUSE}).
         */
        public Builder<T> unsnapshottedState(UnsnapshottedState policy) {
            this.unsnapshottedState = Arguments.requireNonNull(policy, "journaled source", "unsnapshottedState");
            return this;
        }

        /**
         * How long {@link JournaledSource#close()} waits, at most, for the elements in flight to be
         * done or held by snapshotted nodes before it stores the last checkpoint (5 s by default;
         * it stops sooner once no element has completed for 50 ms).
         */
        public Builder<T> closeTimeout(Duration timeout) {
            Arguments.requireNonNull(timeout, "journaled source", "closeTimeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("journaled source: parameter 'closeTimeout' must not be"
                        + " negative, got " + timeout);
            }
            this.closeTimeout = timeout;
            return this;
        }

        /**
         * Opens the journal: refuses (a {@link JournalException} naming the directory) a JVM
         * without the flags Chronicle needs, a read-only directory, and a directory another
         * journaled source, in this process or another, holds open.
         */
        public JournaledSource<T> build() {
            if (threads != null && loop != null && loop.threads() != threads) {
                throw new IllegalArgumentException("journaled source: parameter 'threads' " + threads
                        + " differs from the threads of its loop " + loop + ", " + loop.threads());
            }
            return new JournaledSource<>(this);
        }
    }
}
