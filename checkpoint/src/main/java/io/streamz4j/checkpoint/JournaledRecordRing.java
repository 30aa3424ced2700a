package io.streamz4j.checkpoint;

import io.streamz4j.Arguments;
import io.streamz4j.record.RecordHandler;
import io.streamz4j.record.RecordLayout;
import io.streamz4j.record.RecordRing;
import io.streamz4j.runtime.Threads;
import io.streamz4j.runtime.WaitStrategy;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycle;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;
import org.agrona.sbe.MessageEncoderFlyweight;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link RecordRing} whose records are journaled, as a {@link JournaledSource}'s elements are:
 * the producer claims a slot and encodes the record in place, as on any record ring, and
 * {@link #publish} appends the slot's SBE message (header and block: the same bytes a publication
 * sends) to a Chronicle queue on disk before the consumer may see it, copying it from the slot's
 * memory into the journal's with no codec object and no heap array ({@link RecordCodec}). When the
 * handler returns from a record, every record up to it is done (one consumer, in order); the
 * checkpoint, stored every {@code checkpointInterval} in the same file and format as a journaled
 * source's, is the newest such record. {@link #start()} replays the journaled records after the
 * stored checkpoint into the ring, in order, before any new claim: at-least-once across crashes,
 * duplicates only for records that were in the ring or the handler.
 *
 * <pre>{@code
 * try (JournaledRecordRing<TickEncoder, TickDecoder> ticks = JournaledRecordRing.builder(dir, TICK)
 *         .handler(vwap).build()) {
 *     ticks.start(); // replays what the last run journaled and did not finish
 *     long sequence = ticks.claim();
 *     ticks.encoder(sequence).price(101.25).quantity(300);
 *     ticks.publish(sequence); // journaled, then handed to the consumer
 * }
 * }</pre>
 *
 * <p>A replayed entry whose bytes are intact but not one of the layout's records (another length,
 * or a header naming another schema, template, version or block length) is refused and never
 * decoded: it is handled as a damaged entry ({@link DamagedEntryPolicy}: moved to the dead-letter
 * journal with the reason, or the start stops), as is an entry whose hash does not match. A
 * record the handler throws on is handled as the {@link FailurePolicy} says: under fail fast it
 * stays in flight (logged; the checkpoint stays below it for the rest of the run and every start
 * replays it), otherwise the handler is given it again at once (the record is still in its slot)
 * up to the policy's attempts, counted across restarts, and then its message goes to the
 * dead-letter journal and the checkpoint passes it.
 *
 * <p>Thread safety: claim, encoder and publish are the producer's, one thread at a time (a
 * single-producer ring), and only after {@link #start()} has returned; start runs the replay on
 * its caller's thread, which is the ring's producer until it returns. The handler runs on the
 * ring's consumer thread (the builder's {@link ThreadFactory}); checkpoints are stored by the
 * thread {@code streamz4j-<name>-checkpoint} (the builder's {@link Threads}; none when the interval
 * is zero) or by {@link #checkpoint()}. {@link #close()} refuses new claims, lets the consumer
 * finish what was published, stores a last checkpoint and closes the journal; a clean restart
 * replays nothing. Build takes the journal directory's lock, which close releases.
 *
 * @param <E> the layout's encoder
 * @param <D> the layout's decoder
 */
public final class JournaledRecordRing<E extends MessageEncoderFlyweight, D extends MessageDecoderFlyweight>
        implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JournaledRecordRing.class);
    private static final String NODE = "journaled record ring";

    private final String name;
    private final RecordLayout<E, D> layout;
    private final RecordHandler<? super D> handler;
    private final JournalFiles<DirectBuffer> files;
    private final Journal<DirectBuffer> journal;
    private final RecordCodec codec;
    private final ElementFailures<DirectBuffer> damagedEntries;
    private final FailurePolicy failurePolicy;
    private final AttemptsFile attempts;
    private final Duration checkpointInterval;
    private final Threads threads;
    private final RecordRing<E, D> ring;
    private final int mask;
    /**
     * Per slot, the journal index of the record in it (-1: it could not be journaled, so it is no
     * element), and whether the handler gets it (false for a damaged entry the replay passes on
     * only to be completed). Written by the producer before it publishes the slot, read by the
     * consumer after: the ring's publication orders them.
     */
    private final long[] indexes;
    private final boolean[] delivered;
    /** The producer's view of the slot it publishes: exactly its message. */
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[0]);
    /** Where the replay reads each record before copying it into a claimed slot. */
    private final UnsafeBuffer replayed;
    /** The newest journal index through which every record is done; written by the consumer. */
    private final AtomicLong completedThrough = new AtomicLong(-1);
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    /** Set by the consumer when a record stays in flight (fail fast): the checkpoint stops below it. */
    private volatile boolean held;
    private volatile boolean ready;
    private volatile boolean closed;
    /** Whether the last checkpoint is stored and the journal closed; under the monitor. */
    private boolean finished;
    private Checkpointer checkpointer;
    private long replayedCount;
    private long lastReplayed = -1;
    private DirectBuffer lastJournaled;

    private JournaledRecordRing(Builder<E, D> b) {
        this.name = b.name != null ? b.name : "journaled-" + b.layout.name();
        this.layout = b.layout;
        this.handler = b.handler;
        this.codec = new RecordCodec(layout);
        this.files = JournalFiles.open(b.dir, NODE, NODE + " '" + name + "'", codec, b.options);
        try {
            this.journal = files.journal;
            this.attempts = new AttemptsFile(b.dir);
            // carries out the damaged-entry policy; its element failures are the object path's, unused here
            this.damagedEntries = new ElementFailures<>(this, journal, codec, b.options.failurePolicy,
                    b.options.damagedEntries, attempts, files.deadLetters);
            this.failurePolicy = b.options.failurePolicy;
            this.checkpointInterval = b.options.checkpointInterval;
            this.threads = Threads.orDefault(b.threads);
            this.replayed = new UnsafeBuffer(ByteBuffer.allocateDirect(layout.messageLength()));
            this.ring = b.ring.name(name).handler(new Completion()).build();
            this.mask = ring.capacity() - 1;
            this.indexes = new long[ring.capacity()];
            this.delivered = new boolean[ring.capacity()];
        } catch (RuntimeException | Error e) {
            files.close();
            throw e;
        }
    }

    /** A builder of a ring of {@code layout}'s records journaled in {@code dir}. */
    public static <E extends MessageEncoderFlyweight, D extends MessageDecoderFlyweight> Builder<E, D> builder(
            Path dir, RecordLayout<E, D> layout) {
        return new Builder<>(dir, layout);
    }

    /**
     * Replays the journaled records after the stored checkpoint into the ring (the handler gets
     * them on the consumer thread, as new ones), then accepts claims. Idempotent.
     *
     * @throws JournalException if a damaged or refused entry meets {@link DamagedEntryPolicy#STOP}
     */
    public synchronized void start() {
        if (ready) {
            return;
        }
        if (closed) {
            throw new IllegalStateException(this + ": closed; a closed journaled ring cannot start again");
        }
        Checkpoint checkpoint = files.atOpen;
        ResumePoint<DirectBuffer> resume = ResumePoint.check(journal, checkpoint, files.checkpointFile.path());
        files.resumedFrom(checkpoint);
        completedThrough.set(checkpoint.completedThrough());
        Journal.Replayed replay = journal.replayAfter(checkpoint.completedThrough(),
                entry -> codec.readInto(entry, replayed), this::replay, this::replayDamaged);
        LOG.info("{}: replayed {} records after the checkpoint at {}{}", this, replay.count(),
                checkpoint.completedThrough() < 0 ? "the start" : journal.indexName(checkpoint.completedThrough()),
                replay.corrupt() > 0 ? " (" + replay.corrupt() + " damaged or refused entries)" : "");
        replayedCount = replay.count();
        lastJournaled = lastReplayed >= 0 ? journal.decodeCopy(journal.entryAt(lastReplayed).payload(), lastReplayed)
                : positionOf(resume);
        journal.prepareWriter();
        resume.moveWriterPast();
        ready = true;
        if (!checkpointInterval.isZero()) {
            checkpointer = Checkpointer.start(this, threads, "streamz4j-" + name + "-checkpoint", checkpointInterval,
                    this::checkpoint);
        }
    }

    /**
     * The newest record the checkpoint covers, or null when there is none or it is not one of this
     * layout's (the journal's tail was refused): the producer then has no position to resume from.
     */
    private DirectBuffer positionOf(ResumePoint<DirectBuffer> resume) {
        try {
            return resume.lastJournaled();
        } catch (CodecException e) {
            if (!(e.getCause() instanceof RefusedEntryException)) {
                throw e;
            }
            LOG.warn("{}: the newest entry the checkpoint covers is no record of {} ({}), so lastJournaled() is"
                    + " null", this, layout, e.getCause().getMessage());
            return null;
        }
    }

    /** A replayed record, read into {@link #replayed}: copied into a claimed slot and published. */
    private void replay(long index, DirectBuffer record) {
        long sequence = ring.claim();
        ring.encoder(sequence).buffer().putBytes(ring.slotOffset(sequence), record, 0, layout.messageLength());
        handOver(sequence, index, true);
        lastReplayed = index;
    }

    /** A damaged or refused entry: its policy stops the start (throws) or dead-letters it; the checkpoint passes it in turn. */
    private void replayDamaged(long index, byte[] raw, RefusedEntryException refusal) {
        damagedEntries.damaged(index, raw, refusal);
        handOver(ring.claim(), index, false);
    }

    /**
     * Claims the next slot for a new record, waiting while the ring is full, and returns its
     * sequence for {@link #encoder} and {@link #publish}; every claimed sequence must be published.
     *
     * @throws IllegalStateException before {@link #start()} or once closed
     */
    public long claim() {
        if (!ready || closed) {
            throw new IllegalStateException(this + (closed ? ": closed" : ": call start() first, which replays the"
                    + " journal, before claiming new records"));
        }
        return ring.claim();
    }

    /** The encoder over the claimed slot {@code sequence}: write the record's fields through it. */
    public E encoder(long sequence) {
        return ring.encoder(sequence);
    }

    /**
     * Journals the record in the claimed slot {@code sequence}, then hands it to the consumer. If
     * the journal refuses it (a full disk: {@link JournalFullException}), the exception reaches
     * the caller and the slot goes to the consumer as no record (a claimed slot must be
     * published), which the handler never sees.
     */
    public void publish(long sequence) {
        long index = -1;
        try {
            message.wrap(ring.region(), ring.slotOffset(sequence), layout.messageLength());
            index = journal.append(message);
        } finally {
            handOver(sequence, index, index >= 0);
        }
    }

    private void handOver(long sequence, long index, boolean deliver) {
        int slot = (int) sequence & mask;
        indexes[slot] = index;
        delivered[slot] = deliver;
        ring.publish(sequence);
    }

    /**
     * Stores the checkpoint now if it has moved, and deletes the journal cycles retention allows;
     * returns the stored checkpoint's index (-1: nothing done yet). Any thread.
     */
    public synchronized long checkpoint() {
        Checkpoint stored = files.stored();
        if (!ready || finished) {
            return stored.completedThrough();
        }
        long through = completedThrough.get();
        if (through > stored.completedThrough()) {
            stored = files.store(new Checkpoint(through, Map.of()));
        }
        return stored.completedThrough();
    }

    /**
     * The message (header and block) of the newest record journaled, known once {@link #start()}
     * has replayed: where a producer resumes after a restart; null when the journal holds none.
     * Wrap the layout's decoder over it at offset 0 ({@code layout.wrapDecoder(d, buffer, 0)}).
     */
    public DirectBuffer lastJournaled() {
        if (!ready && !closed) {
            throw new IllegalStateException(this + ": the newest journaled record is known after start()");
        }
        return lastJournaled;
    }

    /**
     * Every entry of the dead-letter journal (the subdirectory {@code dead-letters}), oldest
     * first: records the handler kept failing on, and damaged or refused entries; a record's
     * {@link DeadLetter#raw()} is its message. Any thread, while open.
     */
    public List<DeadLetter<DirectBuffer>> deadLetters() {
        if (closed) {
            throw new IllegalStateException(this + ": closed; open the journal again to read its dead letters");
        }
        return files.deadLetters.read();
    }

    /** How many records the last {@link #start()} replayed. */
    public long replayedCount() {
        return replayedCount;
    }

    /** How many times the handler threw on a record (each retry counts). */
    public long failureCount() {
        return failed.get();
    }

    /** How many records and damaged or refused entries went to the dead-letter journal. */
    public long deadLetteredCount() {
        return deadLettered.get() + damagedEntries.deadLettered();
    }

    /** How many damaged or refused entries the replay met. */
    public long damagedEntryCount() {
        return damagedEntries.damaged();
    }

    /** The journal index through which every record is done (what the next checkpoint stores). */
    public long completedThrough() {
        return completedThrough.get();
    }

    /** The layout of the records. */
    public RecordLayout<E, D> layout() {
        return layout;
    }

    /** The journal's directory. */
    public Path dir() {
        return journal.dir();
    }

    /** The ring's consumer thread, which runs the handler. */
    public Thread consumerThread() {
        return ring.consumerThread();
    }

    /**
     * Refuses new claims, lets the consumer handle what was published (as the ring's close does),
     * stops the checkpoint thread, stores a last checkpoint and closes the journal and its lock.
     * Call it from the producer, or once it has stopped. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            ring.close();
        } finally {
            Checkpointer stopping = checkpointer;
            if (stopping != null) {
                stopping.stop(Duration.ofSeconds(5)); // outside the monitor: a checkpoint under way holds it
            }
            finish();
        }
    }

    private synchronized void finish() {
        try {
            checkpoint();
        } catch (RuntimeException e) {
            LOG.error("{}: the last checkpoint could not be stored; the next start replays what follows {}", this,
                    journal.describe(files.stored().completedThrough()), e);
        } finally {
            finished = true;
            ready = false;
            files.close();
        }
    }

    @Override
    public String toString() {
        return "<" + NODE + " " + name + ": " + dir() + ">";
    }

    /**
     * The ring's handler: gives each record to the user's handler, then marks it done, so the
     * checkpoint may pass it; carries out the failure policy when the handler throws.
     *
     * <p>Thread safety: runs on the ring's consumer thread only.
     */
    private final class Completion implements RecordHandler<D> {
        @Override
        public void onRecord(D record, long sequence, boolean endOfBatch) throws Exception {
            int slot = (int) sequence & mask;
            long index = indexes[slot];
            if (delivered[slot]) {
                try {
                    handler.onRecord(record, sequence, endOfBatch);
                } catch (Exception | Error e) {
                    if (!failedOn(record, sequence, endOfBatch, index, e)) {
                        return; // stays in flight
                    }
                }
            } else if (endOfBatch) {
                handler.onBatchEnd(sequence); // a batching handler still flushes
            }
            if (index >= 0 && !held) {
                completedThrough.setRelease(index);
            }
        }

        /**
         * The handler threw {@code error} on the record at journal {@code index}: true once it was
         * handled after all or dead-lettered, false when it stays in flight (fail fast).
         */
        private boolean failedOn(D record, long sequence, boolean endOfBatch, long index, Throwable error)
                throws Exception {
            Throwable last = error;
            int attempt = failurePolicy.failsFast() ? 0 : attempts.failedBefore(index) + 1;
            while (true) {
                failed.incrementAndGet();
                if (failurePolicy.failsFast() || last instanceof VirtualMachineError) {
                    held = true;
                    LOG.error("{}: the handler failed on {} ({}); the failure policy is fail fast, so it stays in"
                            + " flight, the checkpoint stays below it, and the next start replays it",
                            JournaledRecordRing.this, journal.describe(index), last.toString(), last);
                    if (last instanceof VirtualMachineError fatal) {
                        throw fatal;
                    }
                    return false;
                }
                if (attempt >= failurePolicy.maxAttempts()) {
                    return deadLetter(sequence, index, last, attempt);
                }
                attempts.record(index, attempt);
                try {
                    handler.onRecord(record, sequence, endOfBatch); // the record is still in its slot
                    attempts.clear();
                    return true;
                } catch (Exception | Error next) {
                    last = next;
                    attempt++;
                }
            }
        }

        /** Moves the record's message to the dead-letter journal (synced); false if that fails too. */
        private boolean deadLetter(long sequence, long index, Throwable error, int attempt) {
            byte[] raw = new byte[layout.messageLength()];
            ring.region().getBytes(ring.slotOffset(sequence), raw);
            try {
                long letter = files.deadLetters.append(index, DeadLetter.Kind.FAILED, error, handler.toString(),
                        attempt, raw);
                attempts.clear();
                deadLettered.incrementAndGet();
                LOG.error("{}: the handler failed on {} {} time{} ({}); moved to {}, and the checkpoint passes it",
                        JournaledRecordRing.this, journal.describe(index), attempt, attempt == 1 ? "" : "s", error,
                        files.deadLetters.describe(letter));
                return true;
            } catch (RuntimeException e) {
                held = true;
                LOG.error("{}: the handler failed on {} and it could not be dead-lettered ({}); it stays in flight"
                        + " and the next start replays it", JournaledRecordRing.this, journal.describe(index), e, error);
                return false;
            }
        }
    }

    /**
     * Options of a {@link JournaledRecordRing}: the ring's (capacity, wait strategy, consumer
     * thread, handler) and the journal's, with a journaled source's defaults.
     *
     * <p>Thread safety: none; build on one thread.
     */
    public static final class Builder<E extends MessageEncoderFlyweight, D extends MessageDecoderFlyweight> {
        private final Path dir;
        private final RecordLayout<E, D> layout;
        private final RecordRing.Builder<E, D> ring;
        private final JournalOptions options = new JournalOptions(NODE);
        private String name;
        private Threads threads;
        private RecordHandler<? super D> handler;

        private Builder(Path dir, RecordLayout<E, D> layout) {
            this.dir = Arguments.requireNonNull(dir, NODE, "dir");
            this.layout = Arguments.requireNonNull(layout, NODE, "layout");
            this.ring = RecordRing.builder(layout);
        }

        /** The ring's name, in its threads' names and its log lines ({@code journaled-<layout>} by default). */
        public Builder<E, D> name(String ringName) {
            this.name = Arguments.requireNonNull(ringName, NODE, "name");
            return this;
        }

        /** How many slots: a power of two, the most records in flight (default 1024). */
        public Builder<E, D> capacity(int slots) {
            ring.capacity(slots);
            return this;
        }

        /** How the consumer waits for records (default {@link WaitStrategy#BLOCKING}). */
        public Builder<E, D> waitStrategy(WaitStrategy waitStrategy) {
            ring.waitStrategy(waitStrategy);
            return this;
        }

        /** Makes the consumer thread (by default the process-wide {@link Threads#getDefault()}). */
        public Builder<E, D> threadFactory(ThreadFactory threadFactory) {
            ring.threadFactory(threadFactory);
            return this;
        }

        /** Where the checkpoint thread comes from (a factory, or an invoker the service drives); the process default otherwise. */
        public Builder<E, D> threads(Threads checkpointThreads) {
            this.threads = Arguments.requireNonNull(checkpointThreads, NODE, "threads");
            return this;
        }

        /** What the consumer hands each record to (required), lent for the call. */
        public Builder<E, D> handler(RecordHandler<? super D> recordHandler) {
            this.handler = Arguments.requireNonNull(recordHandler, NODE, "handler");
            return this;
        }

        /** How often the checkpoint is stored (100 ms by default); zero: only by checkpoint() and close(). */
        public Builder<E, D> checkpointInterval(Duration interval) {
            options.checkpointInterval(interval);
            return this;
        }

        /** How long one journal file covers (Chronicle's roll cycle; daily by default). */
        public Builder<E, D> rollCycle(RollCycle cycle) {
            options.rollCycle(cycle);
            return this;
        }

        /** The wall clock that picks the journal's cycle: tests pass a settable one. */
        public Builder<E, D> timeProvider(TimeProvider time) {
            options.timeProvider(time);
            return this;
        }

        /** Which cycles below the checkpoint to delete (by default every one wholly below it). */
        public Builder<E, D> retention(Retention policy) {
            options.retention(policy);
            return this;
        }

        /** Refuse records (JournalFullException) when the disk has less free than this (64 MiB). */
        public Builder<E, D> minFreeDiskBytes(long bytes) {
            options.minFreeDiskBytes(bytes);
            return this;
        }

        /** When the journal is forced to disk ({@link JournalSync}; {@code BATCH} by default). */
        public Builder<E, D> journalSync(JournalSync policy) {
            options.journalSync(policy);
            return this;
        }

        /** What to do with a record the handler throws on ({@link FailurePolicy#deadLetter()} by default). */
        public Builder<E, D> failurePolicy(FailurePolicy policy) {
            options.failurePolicy(policy);
            return this;
        }

        /** What start() does with a damaged or refused entry ({@link DamagedEntryPolicy#DEAD_LETTER} by default). */
        public Builder<E, D> damagedEntries(DamagedEntryPolicy policy) {
            options.damagedEntries(policy);
            return this;
        }

        /**
         * Opens the journal (refusing, with a {@link JournalException}, a JVM without Chronicle's
         * flags, a read-only directory, or one another source holds open) and starts the ring's
         * consumer; {@link JournaledRecordRing#start()} then replays.
         */
        public JournaledRecordRing<E, D> build() {
            Arguments.requireNonNull(handler, NODE, "handler");
            return new JournaledRecordRing<>(this);
        }
    }
}
