package io.streamz4j.checkpoint;

import net.openhft.chronicle.queue.RollCycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A journal directory opened for one journaled source: the directory's lock, the checkpoint file
 * and the checkpoint it held at opening, the Chronicle journal, its cycle files under the
 * retention policy, and the dead-letter journal. {@link #store} writes a checkpoint the way every
 * source must: the journal forced through it first, the producer's position beside it, then the
 * cycles neither kept checkpoint needs deleted. {@link #close()} closes the journals and releases
 * the lock.
 *
 * <p>Thread safety: opened and closed by one thread; {@link #store} is called by one thread at a
 * time (the source serialises its checkpoints), concurrently with appends to the journal.
 *
 * @param <T> the element type
 */
final class JournalFiles<T> implements AutoCloseable {
    final JournalLock lock;
    final CheckpointFile checkpointFile;
    /** The checkpoint stored when the directory was opened (the lock keeps it so until the source starts). */
    final Checkpoint atOpen;
    final Journal<T> journal;
    final CycleFiles cycleFiles;
    final DeadLetterJournal<T> deadLetters;
    private Checkpoint stored = Checkpoint.NONE;

    private JournalFiles(JournalLock lock, CheckpointFile checkpointFile, Checkpoint atOpen, Journal<T> journal,
            Retention retention, DeadLetterJournal<T> deadLetters) {
        this.lock = lock;
        this.checkpointFile = checkpointFile;
        this.atOpen = atOpen;
        this.journal = journal;
        this.cycleFiles = new CycleFiles(journal.queue(), retention);
        this.deadLetters = deadLetters;
    }

    /**
     * Opens (creating it) the journal in {@code dir} for {@code owner} ("journaled source 'x'"):
     * refuses a JVM without the flags Chronicle needs, a directory that cannot be created, and one
     * another source holds open; {@code node} names the caller in an argument's refusal.
     */
    static <T> JournalFiles<T> open(Path dir, String node, String owner, Codec<T> codec, JournalOptions options) {
        ChronicleAccess.require(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException(node + ": parameter 'dir' " + dir + " cannot be created: " + e, e);
        }
        JournalLock lock = JournalLock.acquire(dir, owner);
        try {
            CheckpointFile checkpointFile = new CheckpointFile(dir, index -> Journal.indexName(options.rollCycle, index));
            Checkpoint atOpen = checkpointFile.read();
            Journal<T> journal = new Journal<>(dir, codec, options.rollCycle, options.timeProvider,
                    options.minFreeDiskBytes, options.sync, atOpen.completedThrough());
            return new JournalFiles<>(lock, checkpointFile, atOpen, journal, options.retention,
                    new DeadLetterJournal<>(dir, codec, options.timeProvider));
        } catch (RuntimeException | Error e) {
            lock.close();
            throw e;
        }
    }

    /** The checkpoint stored last (at start, the one the source resumed from). */
    Checkpoint stored() {
        return stored;
    }

    /** The source resumes from {@code checkpoint}: later checkpoints must move past it. */
    void resumedFrom(Checkpoint checkpoint) {
        stored = checkpoint;
    }

    /**
     * Stores {@code next}, which must be past the stored one: forces the journal through its index
     * (a stored checkpoint never names an entry the disk lacks), adds the producer's position, writes
     * the file, and deletes the cycles retention allows (both kept checkpoints stay replayable).
     * Returns the checkpoint as stored.
     */
    Checkpoint store(Checkpoint next) {
        journal.forceThrough(next.completedThrough());
        Checkpoint withPosition = next.withPosition(positionAt(next.completedThrough()));
        checkpointFile.write(withPosition);
        stored = withPosition;
        cycleFiles.deleteBelow(checkpointFile.retainedThrough());
        return withPosition;
    }

    /**
     * The producer's position to store with a checkpoint at {@code index}: the codec bytes of the
     * newest intact element at or below it, read back on the checkpointing thread. Damaged entries
     * (dead-lettered by the replay, their inputs re-sent by the producer after the element before
     * them) are stepped back over; at a filler, or back at the stored checkpoint, the stored
     * position still holds (fillers stand for lost entries that position already covers).
     */
    private byte[] positionAt(long index) {
        RollCycle cycle = journal.queue().rollCycle();
        for (long at = index; at > stored.completedThrough(); at--) {
            Journal.Entry entry = journal.entryAt(at);
            if (entry.kind() == Journal.EntryKind.ELEMENT) {
                return entry.payload();
            }
            if (entry.kind() != Journal.EntryKind.DAMAGED || cycle.toSequenceNumber(at) == 0) {
                break; // a step back from a cycle's first entry is not at - 1
            }
        }
        return stored.position();
    }

    /** Closes the journal and the dead-letter journal, then releases the lock, whatever fails first. */
    @Override
    public void close() {
        try {
            journal.close();
        } finally {
            try {
                deadLetters.close();
            } finally {
                lock.close();
            }
        }
    }
}
