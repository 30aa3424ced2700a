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

import java.nio.file.Path;

/**
 * A Chronicle queue of encoded elements. Each entry is the codec's bytes followed by a 32-bit hash
 * of them, so an entry damaged on disk is told apart from a codec bug: the first is logged and
 * handed to the replay's {@link Damaged} callback (the source's policy), the second raised as a
 * {@link CodecException} naming the index. An entry a crash left half
 * written is never seen by readers (Chronicle publishes an entry by completing its header last);
 * Chronicle's writer finds it and recovers after {@link #CRASHED_WRITER_TIMEOUT_MS}.
 *
 * <p>Thread safety: {@link #append} is called by one thread at a time (the journaled source's
 * emitter); {@link #replayAfter} and {@link #valueAt} by the thread that starts the source, before
 * any append of this run; {@link #entriesAfter} from any thread while the journal is open.
 * {@link #close()} once, after the others.
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

    static {
        ChronicleSettings.apply();
    }

    private final Path dir;
    private final Codec<T> codec;
    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final DiskSpaceGuard diskSpace;
    /** The index of the last entry this run appended; -1 before the first. Appending thread only. */
    private long lastIndex = -1;

    Journal(Path dir, Codec<T> codec, RollCycle rollCycle, TimeProvider time, long minFreeBytes) {
        this.dir = dir;
        this.codec = codec;
        UnfinishedCycles.moveAside(dir);
        this.queue = SingleChronicleQueueBuilder.binary(dir)
                .rollCycle(rollCycle)
                .timeProvider(time)
                .timeoutMS(CRASHED_WRITER_TIMEOUT_MS)
                .build();
        this.appender = queue.createAppender();
        // One thread at a time appends, but not always the same one (a JMH or test harness may
        // hand the source over); the source's own contract keeps it single-writer.
        appender.singleThreadedCheckDisabled(true);
        this.diskSpace = new DiskSpaceGuard(dir, minFreeBytes);
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
            throw diskSpace.full(lastIndex < 0 ? "the first element" : "the element after " + describe(lastIndex), e);
        }
        lastIndex = appender.lastIndexAppended();
        return lastIndex;
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

    /** Receives damaged entries met during a replay: the index and the entry's bytes as found, hash included. */
    @FunctionalInterface
    interface Damaged {
        void accept(long index, byte[] raw);
    }

    /** What a replay found. */
    record Replayed(long count, long corrupt, long lastIndex) {
    }

    /**
     * Reads every entry after {@code afterIndex} (every entry when it is negative) in order, hands
     * each intact one to {@code replay} and each damaged one to {@code damaged}, which decides
     * whether the replay goes on (it returns) or stops (it throws).
     */
    Replayed replayAfter(long afterIndex, Replay<T> replay, Damaged damaged) {
        long count = 0;
        long corrupt = 0;
        long last = afterIndex;
        try (ExcerptTailer tailer = queue.createTailer()) {
            if (afterIndex >= 0 && !tailer.moveToIndex(afterIndex)) {
                LOG.warn("journal {}: the checkpoint's index {} is no longer in the journal; replaying"
                        + " from the oldest entry kept", dir, describe(afterIndex));
                tailer.toStart();
            } else if (afterIndex >= 0) {
                skipOne(tailer);
            }
            while (true) {
                long index;
                T value;
                byte[] raw = null;
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        break;
                    }
                    index = dc.index();
                    Bytes<?> bytes = dc.wire().bytes();
                    value = decode(bytes, index);
                    if (value == null) {
                        raw = bytes.toByteArray(); // decode left a damaged entry's bounds as they were
                    }
                }
                last = index;
                if (value == null) {
                    corrupt++;
                    damaged.accept(index, raw);
                    continue;
                }
                count++;
                replay.accept(index, value);
            }
        }
        return new Replayed(count, corrupt, last);
    }

    private static void skipOne(ExcerptTailer tailer) {
        try (DocumentContext dc = tailer.readingDocument()) {
            // moveToIndex positions before the checkpointed entry, which is already done
            dc.isPresent();
        }
    }

    /** The element at {@code index}, or null when it is not in the journal or is damaged. */
    T valueAt(long index) {
        try (ExcerptTailer tailer = queue.createTailer()) {
            if (!tailer.moveToIndex(index)) {
                return null;
            }
            try (DocumentContext dc = tailer.readingDocument()) {
                return dc.isPresent() ? decode(dc.wire().bytes(), dc.index()) : null;
            }
        }
    }

    /**
     * The value of a well-formed entry; null, after logging, for a damaged one, whose bytes'
     * bounds it leaves as they were (what the caller does with it is its policy's to say).
     */
    private T decode(Bytes<?> bytes, long index) {
        long start = bytes.readPosition();
        long length = bytes.readLimit() - start - HASH_BYTES;
        if (length < 0 || bytes.readInt(start + length) != hash(bytes, start, length)) {
            LOG.error("entry {} is damaged (checksum mismatch or cut short, as a crash in the middle of a"
                    + " write leaves it)", describe(index));
            return null;
        }
        bytes.readLimit(start + length);
        try {
            return codec.read(bytes);
        } catch (RuntimeException e) {
            throw new CodecException(describe(index) + ": codec '" + codec.name()
                    + "' failed to read the element: " + e, index, e);
        }
    }

    private static int hash(Bytes<?> bytes, long start, long length) {
        return length == 0 ? 0 : bytes.fastHash(start, Math.toIntExact(length));
    }

    /** Gives back a value {@link #replayAfter} or {@link #valueAt} read, as its codec says. */
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
        RollCycle cycle = queue.rollCycle();
        return "index 0x" + Long.toHexString(index) + " (cycle " + cycle.toCycle(index) + ", entry "
                + cycle.toSequenceNumber(index) + ") of journal " + dir;
    }

    SingleChronicleQueue queue() {
        return queue;
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() {
        appender.close();
        queue.close();
    }
}
