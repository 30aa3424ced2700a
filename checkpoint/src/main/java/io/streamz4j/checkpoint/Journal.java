package io.streamz4j.checkpoint;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Chronicle queue of encoded elements. Each entry is the codec's bytes followed by a 32-bit hash
 * of them, salted so that zeros never pass for an entry (a cycle file cut inside an entry reads
 * back zero-filled once Chronicle grows it again, and the plain hash of zeros is zero), so an
 * entry damaged on disk is told apart from a codec bug: the first is logged and
 * handed to the replay's {@link Damaged} callback (the source's policy), the second raised as a
 * {@link CodecException} naming the index. An entry a crash left half
 * written is never seen by readers (Chronicle publishes an entry by completing its header last);
 * Chronicle's writer finds it and recovers after {@link #CRASHED_WRITER_TIMEOUT_MS}.
 *
 * <p>Besides elements the journal may hold filler entries: four bytes no element entry can be (an
 * element entry of four bytes is an empty payload, whose hash is the salt). They are written at start to
 * move the writer past a checkpoint the journal lost the tail before (see {@link #fillThrough}),
 * and replay skips them. How durable appends are is the {@link JournalSync} policy's.
 *
 * <p>Thread safety: {@link #append} is called by one thread at a time (the journaled source's
 * emitter); {@link #replayAfter} and {@link #fillThrough} by the thread that
 * starts the source, before any append of this run; {@link #entryAt} and {@link #forceThrough} by
 * one thread at a time (the one storing checkpoints), concurrently with appends, each with its own
 * tailer or file channel; {@link #entriesAfter} from any thread while the journal is open.
 * {@link #close()} once, after all.
 *
 * @param <T> the element type
 */
final class Journal<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    /**
     * How long Chronicle waits on a header or lock a writer left unfinished before deciding the
     * writer died mid-write and recovering. There is one writer per journal and a write takes
     * microseconds, so a short wait only ever fires after a crash, and keeps restarts quick.
     */
    private static final long CRASHED_WRITER_TIMEOUT_MS = 250;
    private static final int HASH_BYTES = Integer.BYTES;
    /** Chronicle's metadata file in a queue's directory. */
    static final String METADATA = "metadata.cq4t";
    /** Mixed into every entry's hash; see the class comment. */
    private static final int HASH_SALT = 0x5a34c3b1;
    /** A filler entry's four bytes ("FILL"); never a valid element entry's, whose hash would be 0. */
    private static final int FILLER = 0x46494c4c;

    static {
        ChronicleSettings.apply();
    }

    private final Path dir;
    private final Codec<T> codec;
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final DiskSpaceGuard diskSpace;
    /** Forces on the appending thread ({@link JournalSync#ELEMENT}); null under the other policies. */
    private final CycleForcer appendForcer;
    /** Forces on the checkpointing thread ({@link JournalSync#BATCH}); null under the other policies. */
    private final CycleForcer batchForcer;
    /** The index of the last entry this run appended; -1 before the first. Appending thread only. */
    private long lastIndex = -1;

    /**
     * Opens the journal in {@code dir}, which the caller has locked ({@link JournalLock}): only
     * then may half-created cycle files be deleted.
     */
    Journal(Path dir, Codec<T> codec, RollCycle rollCycle, TimeProvider time, long minFreeBytes, JournalSync sync,
            long checkpointed) {
        this.dir = dir;
        this.codec = codec;
        UnfinishedCycles.delete(dir);
        SingleChronicleQueue opened = open(dir, rollCycle, time);
        int cut = cutCycle(opened, checkpointed);
        if (cut >= 0) {
            // Chronicle cannot append to a cycle file whose header names entries its bytes lost
            opened.close();
            CutCycle.rebuild(dir, rollCycle, cut, checkpointed);
            opened = open(dir, rollCycle, time);
        }
        this.queue = opened;
        this.appender = queue.createAppender();
        // One thread at a time appends, but not always the same one (a JMH or test harness may
        // hand the source over); the source's own contract keeps it single-writer.
        appender.singleThreadedCheckDisabled(true);
        this.diskSpace = new DiskSpaceGuard(dir, minFreeBytes);
        this.appendForcer = sync == JournalSync.ELEMENT ? new CycleForcer(this) : null;
        this.batchForcer = sync == JournalSync.BATCH ? new CycleForcer(this) : null;
    }

    private static int cutCycle(SingleChronicleQueue queue, long checkpointed) {
        try {
            return CutCycle.cutCycle(queue, checkpointed);
        } catch (java.io.IOException e) {
            queue.close();
            throw new JournalException("journal " + queue.file() + ": cannot read its cycle files", e);
        }
    }

    /**
     * Opens the Chronicle queue in {@code dir}, first deleting a metadata file ({@value #METADATA})
     * a process killed while Chronicle created it left half-written (see {@link HalfWrittenMetadata}).
     */
    static SingleChronicleQueue open(Path dir, RollCycle rollCycle, TimeProvider time) {
        HalfWrittenMetadata.delete(dir.resolve(METADATA));
        return build(dir, rollCycle, time);
    }

    private static SingleChronicleQueue build(Path dir, RollCycle rollCycle, TimeProvider time) {
        return SingleChronicleQueueBuilder.binary(dir)
                .rollCycle(rollCycle)
                .timeProvider(time)
                .timeoutMS(CRASHED_WRITER_TIMEOUT_MS)
                .build();
    }

    /** Appends {@code value}; returns its journal index. */
    long append(T value) {
        diskSpace.check();
        try (DocumentContext dc = appender.writingDocument()) {
            Bytes<?> bytes = dc.wire().bytes();
            long start = bytes.writePosition();
            try {
                codec.write(value, bytes);
            } catch (RuntimeException e) {
                long index = dc.index(); // only now: asking costs Chronicle a look-up per element
                dc.rollbackOnClose();
                throw new CodecException(describe(index) + ": codec '" + codec.name()
                        + "' failed to write the element: " + e, index, e);
            }
            long length = bytes.writePosition() - start;
            bytes.writeInt(hash(bytes, start, length));
        } catch (InternalError e) {
            // A memory-mapped write past the end of a full disk surfaces as an InternalError.
            throw diskSpace.full(lastIndex < 0 ? "the first element" : "the element after " + indexName(lastIndex), e);
        }
        lastIndex = appender.lastIndexAppended();
        if (appendForcer != null) {
            appendForcer.forceThrough(lastIndex);
        }
        return lastIndex;
    }

    /**
     * Under {@link JournalSync#BATCH}, forces every entry through {@code index} to disk (the cycle
     * files it and the cycles before it live in); nothing under the other policies, where appends
     * are forced as they happen or never. Called before a checkpoint naming {@code index} is stored.
     */
    void forceThrough(long index) {
        if (batchForcer != null && index >= 0) {
            batchForcer.forceThrough(index);
        }
    }

    /**
     * Appends filler entries until the writer's next index is above {@code index}: a journal that
     * lost its tail (it ends before a stored checkpoint's index) would otherwise give new elements
     * indexes at or below the checkpoint, which a later restart would take as done. Refuses when
     * the writer's cycle is below {@code index}'s (the clock went back), where no filler helps.
     * Returns how many fillers were written.
     */
    long fillThrough(long index, Path checkpointFile) {
        requireWriterNotBehind(index, checkpointFile);
        if (queue.cycle() > queue.rollCycle().toCycle(index)) {
            return 0; // the next entry opens a later cycle, whose indexes are all above
        }
        long written = 0;
        long last = lastReadableIndex();
        while (last < index) {
            writeFiller(appender);
            last = appender.lastIndexAppended();
            written++;
        }
        forceThrough(last);
        if (appendForcer != null) {
            appendForcer.forceThrough(last);
        }
        return written;
    }

    /**
     * Refuses, naming {@code checkpointFile} and {@code index}, when the journal ends before
     * {@code index} and its writer's cycle (the clock's) is below {@code index}'s: the writer
     * would append at indexes the checkpoint covers, and no filler helps.
     */
    void requireWriterNotBehind(long index, Path checkpointFile) {
        RollCycle cycles = queue.rollCycle();
        int writerCycle = queue.cycle();
        if (writerCycle < cycles.toCycle(index)) {
            throw new JournalException("checkpoint " + checkpointFile + " covers " + indexName(index)
                    + ", past the end of the journal beside it, whose writer would append in the earlier cycle "
                    + writerCycle + " (the clock is behind the checkpoint's cycle): new elements would get"
                    + " indexes the checkpoint already covers. Start again once the clock has passed cycle "
                    + cycles.toCycle(index) + ", or move the journal and both checkpoint files aside");
        }
    }

    /**
     * The newest index a reader reaches in the journal, or -1 when it holds none, found by reading
     * forward from the oldest entry kept. Not Chronicle's {@code lastIndex()}: that trusts the
     * cycle file's header, which after a power cut (or a cut file) can name entries whose bytes
     * never reached the disk, and fails an assertion looking for them. Reads the whole journal, so
     * only for a restart that found the checkpoint's entry missing.
     */
    long lastReadableIndex() {
        long last = -1;
        try (ExcerptTailer tailer = queue.createTailer()) {
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        return last;
                    }
                    last = dc.index();
                }
            }
        }
    }

    /**
     * Does the writer's slow first steps now rather than on the first element: recovering from a
     * writer that crashed (Chronicle waits out its lock and marks old cycles finished).
     * (Chronicle's pretouch would map ahead too, but recurses forever in the open-source build.)
     */
    void prepareWriter() {
        appender.normaliseEOFs();
    }

    /** Receives replayed elements. */
    @FunctionalInterface
    interface Replay<T> {
        void accept(long index, T value);
    }

    /**
     * Receives damaged entries met during a replay: the index, the entry's bytes as found (hash
     * included), and, for an intact entry its reader refused, why (null for a checksum mismatch).
     */
    @FunctionalInterface
    interface Damaged {
        void accept(long index, byte[] raw, RefusedEntryException refusal);
    }

    /**
     * Reads an intact entry's payload (its hash left off) into the value a replay hands on;
     * throws {@link RefusedEntryException} for bytes that are not an element it can read.
     */
    @FunctionalInterface
    interface Reader<V> {
        V read(Bytes<?> payload);
    }

    /** What a replay found: elements replayed, damaged entries met, fillers skipped, the last index read. */
    record Replayed(long count, long corrupt, long fillers, long lastIndex) {
    }

    /**
     * Reads every entry after {@code afterIndex} (every entry when it is negative) in order, hands
     * each intact one to {@code replay}, skips fillers, and hands each damaged one to
     * {@code damaged}, which decides whether the replay goes on (it returns) or stops (it throws).
     * Entries at or below {@code afterIndex} are never handed over, even when that index is no
     * longer in the journal (a restored snapshot already holds them).
     */
    Replayed replayAfter(long afterIndex, Replay<T> replay, Damaged damaged) {
        return replayAfter(afterIndex, codec::read, replay, damaged);
    }

    /**
     * As {@link #replayAfter(long, Replay, Damaged)}, reading each intact entry with
     * {@code reader} instead of the codec (inside the entry's document context, so it may read the
     * journal's bytes in place); an entry it refuses goes to {@code damaged} as a damaged one does.
     */
    <V> Replayed replayAfter(long afterIndex, Reader<V> reader, Replay<V> replay, Damaged damaged) {
        long count = 0;
        long corrupt = 0;
        long fillers = 0;
        long last = afterIndex;
        try (ExcerptTailer tailer = queue.createTailer()) {
            if (afterIndex >= 0 && tailer.moveToIndex(afterIndex)) {
                skipOne(tailer);
            } else {
                tailer.toStart();
            }
            while (true) {
                long index;
                V value = null;
                byte[] raw = null;
                RefusedEntryException refusal = null;
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        break;
                    }
                    index = dc.index();
                    if (index <= afterIndex) {
                        continue; // the checkpoint's entry is gone: read forward past what it covers
                    }
                    Bytes<?> bytes = dc.wire().bytes();
                    if (isFiller(bytes)) {
                        fillers++;
                        last = index;
                        continue;
                    }
                    long start = bytes.readPosition();
                    long limit = bytes.readLimit();
                    try {
                        value = decode(bytes, index, reader);
                    } catch (RefusedEntryException e) {
                        refusal = e;
                        LOG.error("{} is refused: {}", describe(index), e.getMessage());
                    }
                    if (value == null) {
                        bytes.readLimit(limit); // the entry as found, whatever the reader read of it
                        bytes.readPosition(start);
                        raw = bytes.toByteArray();
                    }
                }
                last = index;
                if (value == null) {
                    corrupt++;
                    damaged.accept(index, raw, refusal);
                    continue;
                }
                count++;
                replay.accept(index, value);
            }
        }
        return new Replayed(count, corrupt, fillers, last);
    }

    private static void skipOne(ExcerptTailer tailer) {
        try (DocumentContext dc = tailer.readingDocument()) {
            // moveToIndex positions before the checkpointed entry, which is already done
            dc.isPresent();
        }
    }

    /** Appends one filler entry. */
    static void writeFiller(ExcerptAppender to) {
        try (DocumentContext dc = to.writingDocument()) {
            dc.wire().bytes().writeInt(FILLER);
        }
    }

    private static boolean isFiller(Bytes<?> bytes) {
        return bytes.readRemaining() == Integer.BYTES && bytes.readInt(bytes.readPosition()) == FILLER;
    }

    /** What the journal holds at one index. */
    enum EntryKind { MISSING, DAMAGED, FILLER, ELEMENT }

    /** The entry at an index: its kind, and for an intact element its codec bytes. */
    record Entry(EntryKind kind, byte[] payload) {
        static final Entry MISSING = new Entry(EntryKind.MISSING, null);
        static final Entry DAMAGED = new Entry(EntryKind.DAMAGED, null);
        static final Entry FILLER = new Entry(EntryKind.FILLER, null);
    }

    /**
     * The raw entry at {@code index}, read with a tailer of its own (so from the checkpointing
     * thread while the emitter appends), without logging: callers say what a damaged one means.
     */
    Entry entryAt(long index) {
        try (ExcerptTailer tailer = queue.createTailer()) {
            if (index < 0 || !tailer.moveToIndex(index)) {
                return Entry.MISSING;
            }
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent() || dc.index() != index) {
                    return Entry.MISSING;
                }
                Bytes<?> bytes = dc.wire().bytes();
                if (isFiller(bytes)) {
                    return Entry.FILLER;
                }
                if (!intact(bytes)) {
                    return Entry.DAMAGED;
                }
                byte[] payload = new byte[Math.toIntExact(bytes.readRemaining() - HASH_BYTES)];
                bytes.read(payload);
                return new Entry(EntryKind.ELEMENT, payload);
            }
        }
    }

    /** Decodes an element's codec bytes kept outside the journal (a checkpoint's copy). */
    T decodeCopy(byte[] payload, long index) {
        try {
            return codec.read(Bytes.wrapForRead(payload));
        } catch (RuntimeException e) {
            throw new CodecException(describe(index) + ": codec '" + codec.name()
                    + "' failed to read the checkpoint's copy of the element: " + e, index, e);
        }
    }

    /**
     * The value {@code reader} reads from a well-formed entry; null, after logging, for a damaged
     * one (what the caller does with it is its policy's to say). A reader's refusal goes through.
     */
    private <V> V decode(Bytes<?> bytes, long index, Reader<V> reader) {
        if (!intact(bytes)) {
            LOG.error("{} is damaged (checksum mismatch or cut short, as a crash in the middle of a write"
                    + " leaves it)", describe(index));
            return null;
        }
        bytes.readLimit(bytes.readLimit() - HASH_BYTES);
        try {
            return reader.read(bytes);
        } catch (RefusedEntryException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new CodecException(describe(index) + ": codec '" + codec.name()
                    + "' failed to read the element: " + e, index, e);
        }
    }

    /**
     * Whether the entry whose bytes {@code bytes} holds (from its read position to its limit, left
     * as they are) ends with the hash of what comes before it: not damaged, not cut short.
     */
    static boolean intact(Bytes<?> bytes) {
        long start = bytes.readPosition();
        long length = bytes.readLimit() - start - HASH_BYTES;
        if (length < 0) {
            return false;
        }
        int stored = bytes.readInt(start + length);
        int salted = hash(bytes, start, length);
        // Entries journaled before the salt carry the plain hash; a zero one is refused with the zeros.
        return stored == salted || (stored != 0 && stored == (salted ^ HASH_SALT));
    }

    private static int hash(Bytes<?> bytes, long start, long length) {
        return (length == 0 ? 0 : bytes.fastHash(start, Math.toIntExact(length))) ^ HASH_SALT;
    }

    /** Gives back a value {@link #replayAfter} or {@link #decodeCopy} read, as its codec says. */
    void release(T value) {
        codec.release(value);
    }

    /**
     * How many entries follow {@code afterIndex} up to and including {@code throughIndex} (from the
     * first entry kept when {@code afterIndex} is negative). Journal indexes are a cycle number and a
     * sequence number in one long, so the difference of two is a count only inside one cycle; across
     * cycles Chronicle counts each cycle's entries.
     */
    long entriesAfter(long afterIndex, long throughIndex) {
        if (throughIndex < 0 || throughIndex <= afterIndex) {
            return 0;
        }
        RollCycle cycle = queue.rollCycle();
        if (afterIndex >= 0 && cycle.toCycle(afterIndex) == cycle.toCycle(throughIndex)) {
            return cycle.toSequenceNumber(throughIndex) - cycle.toSequenceNumber(afterIndex);
        }
        if (afterIndex < 0) {
            long first = queue.firstIndex();
            return first == Long.MAX_VALUE || first > throughIndex ? 0 : queue.countExcerpts(first, throughIndex) + 1;
        }
        return queue.countExcerpts(afterIndex, throughIndex);
    }

    /** "index 0x… (cycle c, entry n) of journal dir", for messages. */
    String describe(long index) {
        if (index < 0) {
            return "journal " + dir + " (no index yet)";
        }
        return indexName(index) + " of journal " + dir;
    }

    /**
     * "index 0x… (cycle c, entry n)": {@link #describe} without the directory, for a second index
     * in a message that has named the journal already.
     */
    String indexName(long index) {
        return indexName(queue.rollCycle(), index);
    }

    /** {@link #indexName(long)} for a journal rolling by {@code cycle}. */
    static String indexName(RollCycle cycle, long index) {
        return "index 0x" + Long.toHexString(index) + " (cycle " + cycle.toCycle(index) + ", entry "
                + cycle.toSequenceNumber(index) + ")";
    }

    SingleChronicleQueue queue() {
        return queue;
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() {
        try {
            if (batchForcer != null) {
                batchForcer.forceThrough(lastIndex);
            }
        } finally {
            if (appendForcer != null) {
                appendForcer.close();
            }
            if (batchForcer != null) {
                batchForcer.close();
            }
            appender.close();
            queue.close();
        }
    }
}
