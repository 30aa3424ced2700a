package io.streamz4j.checkpoint;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where a restarting journaled source stands, worked out from the stored checkpoint and the
 * journal before any snapshot is restored. The checkpoint holds the index it covers and a copy of
 * the element journaled there (the producer's position), so the restart does not depend on the
 * journal's copy of that entry:
 * <ul>
 *   <li>intact and equal to the checkpoint's copy: the normal case;</li>
 *   <li>intact but different: the journal is not the one the checkpoint was taken from (another
 *       journal, or one rewritten since); journal and checkpoint cannot both be right, and
 *       {@link #check} refuses with both files and the index named;</li>
 *   <li>damaged (a torn write, a flipped bit): nothing is replayed for it (the checkpoint covers
 *       it), and the newest journaled element is the checkpoint's copy;</li>
 *   <li>missing, the journal ending before it (its tail never reached the disk): nothing is
 *       replayed, the newest journaled element is the checkpoint's copy, and filler entries stand
 *       in for the lost ones up to the checkpoint's index, so new elements get indexes a later
 *       restart replays instead of taking as done. When the checkpoint's cycle file is there but
 *       cut, {@link CutCycle} has rebuilt it with the fillers before the journal opened (the
 *       entry is then a filler here); when the file is gone, {@link #moveWriterPast} appends them.</li>
 * </ul>
 *
 * <p>Thread safety: made and used by the thread starting the source.
 *
 * @param <T> the element type
 */
final class ResumePoint<T> {
    private static final Logger LOG = LoggerFactory.getLogger(ResumePoint.class);

    private final Journal<T> journal;
    private final long checkpointed;
    private final Path checkpointFile;
    /** The codec bytes of the newest element at or below the checkpoint; null when unknown. */
    private final byte[] position;
    private final boolean tailLost;

    private ResumePoint(Journal<T> journal, long checkpointed, Path checkpointFile, byte[] position,
            boolean tailLost) {
        this.journal = journal;
        this.checkpointed = checkpointed;
        this.checkpointFile = checkpointFile;
        this.position = position;
        this.tailLost = tailLost;
    }

    /** Compares {@code checkpoint} with {@code journal}; refuses a journal the checkpoint was not taken from. */
    static <T> ResumePoint<T> check(Journal<T> journal, Checkpoint checkpoint, Path checkpointFile) {
        long index = checkpoint.completedThrough();
        byte[] copy = checkpoint.position();
        if (index < 0) {
            return new ResumePoint<>(journal, index, checkpointFile, null, false);
        }
        Journal.Entry entry = journal.entryAt(index);
        String copyNote = copy != null ? "the newest journaled element is the checkpoint's copy of it"
                : "the checkpoint (format version 1) holds no copy of it, so lastJournaled() is unknown (null)";
        switch (entry.kind()) {
            case ELEMENT -> {
                if (copy != null && !Arrays.equals(copy, entry.payload())) {
                    throw new JournalException("checkpoint " + checkpointFile + " does not match the journal beside"
                            + " it: the element at " + journal.indexName(index) + " differs from the copy the"
                            + " checkpoint holds, so the journal is not the one the checkpoint was taken from"
                            + " (another journal, or one rewritten since) and they cannot both be right. Restore the"
                            + " journal that belongs to the checkpoint, or move both checkpoint files aside to replay"
                            + " this journal from its start");
                }
                return new ResumePoint<>(journal, index, checkpointFile, entry.payload(), false);
            }
            case DAMAGED -> LOG.warn("{} is damaged; the checkpoint covers it, so it is not replayed and nothing is"
                    + " lost: {}", journal.describe(index), copyNote);
            case MISSING -> {
                long last = journal.lastReadableIndex();
                if (last < index) {
                    LOG.warn("{}, which the checkpoint covers, is past the journal's end ({}): the journal lost its"
                            + " tail, {} entries{} that never reached the disk. Nothing is replayed; {}",
                            journal.describe(index), last < 0 ? "it holds no entry" : "it ends at "
                            + journal.indexName(last), lostEntries(journal, last, index),
                            sameCycle(journal, last, index) ? "" : " at least", copyNote);
                    journal.requireWriterNotBehind(index, checkpointFile);
                    return new ResumePoint<>(journal, index, checkpointFile, copy, true);
                }
                LOG.warn("{}, which the checkpoint covers, is no longer in the journal, though later entries are;"
                        + " only those are replayed", journal.describe(index));
            }
            case FILLER -> // written in place of lost entries: the checkpoint's copy is the position
                    journal.requireWriterNotBehind(index, checkpointFile);
        }
        return new ResumePoint<>(journal, index, checkpointFile, copy, false);
    }

    private static boolean sameCycle(Journal<?> journal, long last, long index) {
        return last >= 0 && journal.queue().rollCycle().toCycle(last) == journal.queue().rollCycle().toCycle(index);
    }

    private static long lostEntries(Journal<?> journal, long last, long index) {
        return sameCycle(journal, last, index) ? index - last
                : journal.queue().rollCycle().toSequenceNumber(index) + 1;
    }

    /** The newest element journaled at or below the checkpoint, decoded; null when there is none or it is unknown. */
    T lastJournaled() {
        return position == null ? null : journal.decodeCopy(position, checkpointed);
    }

    /**
     * After a lost tail, writes filler entries until the writer's next index is above the
     * checkpoint's (or refuses, when the writer's clock is in an earlier cycle). Call once the
     * writer is ready, before the first new element.
     */
    void moveWriterPast() {
        if (tailLost) {
            long fillers = journal.fillThrough(checkpointed, checkpointFile);
            if (fillers > 0) {
                LOG.info("wrote {} filler entries through {}, so new elements are journaled after the checkpoint",
                        fillers, journal.describe(checkpointed));
            }
        }
    }
}
