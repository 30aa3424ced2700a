package io.streamz4j.checkpoint;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Rebuilds a cycle file that lost its tail: its last entries never reached the disk (a power cut
 * with the journal not forced) or the file was cut. That is the cycle file holding the stored
 * checkpoint's index when the journal's readable entries end before that index, or else the
 * newest cycle file when Chronicle's record of its last entry (the store's write position) lies
 * past the last entry that can be read: the entries after the checkpoint a power cut takes, the
 * common case, which costs nothing as the producer re-sends after {@code lastJournaled()}. Such a
 * file's header still names the lost entries (header and data are separate pages, written back
 * separately), and Chronicle then fails an assertion, or without assertions appends after a hole
 * no reader crosses, so every later element would be lost. The rebuilt file holds the readable
 * entries at their indexes, then, in the checkpoint's cycle, filler entries through the
 * checkpoint's index, so the writer's next index is above the checkpoint (new elements are
 * replayed after a later restart, never taken as done) and replay skips the fillers.
 *
 * <p>The new file is written in a directory of its own inside the journal's, then moved over the
 * cut one in one rename: a crash before the rename leaves the cut file, which the next start
 * rebuilds again; after it, the rebuilt one.
 *
 * <p>Thread safety: called once, by the thread opening the journal, with its lock held and before
 * any appender exists.
 */
final class CutCycle {
    private static final Logger LOG = LoggerFactory.getLogger(CutCycle.class);
    static final String WORK_DIR = "streamz4j-rebuild";

    private CutCycle() {
    }

    /** The cycle whose file lost its tail (see the class comment), or -1 when none did. */
    static int cutCycle(SingleChronicleQueue queue, long checkpointed) throws IOException {
        if (endsBefore(queue, checkpointed)) {
            return queue.rollCycle().toCycle(checkpointed);
        }
        int newest = queue.lastCycle();
        return newest >= 0 && writtenPastReadable(queue, newest) ? newest : -1;
    }

    /**
     * True when Chronicle's store for {@code cycle} records its last entry's header further into the
     * file than the last entry a reader finds there.
     */
    private static boolean writtenPastReadable(SingleChronicleQueue queue, int cycle) {
        long lastHeader = -1;
        try (ExcerptTailer tailer = queue.createTailer()) {
            if (!tailer.moveToIndex(queue.rollCycle().toIndex(cycle, 0))) {
                return false; // no readable entry in it: nothing to rebuild from
            }
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent() || queue.rollCycle().toCycle(dc.index()) != cycle) {
                        break;
                    }
                    lastHeader = dc.wire().bytes().readPosition() - Integer.BYTES; // positions are file offsets
                }
            }
        }
        SingleChronicleQueueStore store = queue.storeForCycle(cycle, queue.epoch(), false, null);
        if (store == null) {
            return false;
        }
        try {
            return lastHeader >= 0 && store.writePosition() > lastHeader;
        } finally {
            store.close();
        }
    }

    /**
     * True when {@code checkpointed}'s cycle file exists, the journal's readable entries end before
     * {@code checkpointed}, and the file holds nothing where the next entry would start: it lost
     * the tail the checkpoint covers. A header there that reads as unfinished is a write a crash
     * interrupted, which Chronicle's writer recovers itself; that is no cut.
     */
    private static boolean endsBefore(SingleChronicleQueue queue, long checkpointed) throws IOException {
        if (checkpointed < 0) {
            return false;
        }
        int cycle = queue.rollCycle().toCycle(checkpointed);
        Path file = CycleFiles.fileOf(queue, cycle);
        if (!Files.exists(file)) {
            return false;
        }
        try (ExcerptTailer tailer = queue.createTailer()) {
            if (tailer.moveToIndex(checkpointed)) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (dc.isPresent() && dc.index() == checkpointed) {
                        return false;
                    }
                }
            }
        }
        long last = -1;
        long endInCycle = -1;
        try (ExcerptTailer tailer = queue.createTailer()) {
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        break;
                    }
                    last = dc.index();
                    if (queue.rollCycle().toCycle(last) == cycle) {
                        endInCycle = dc.wire().bytes().readLimit(); // a mapped queue's positions are file offsets
                    }
                }
            }
        }
        if (last >= checkpointed) {
            return false;
        }
        // Chronicle starts each header on a four-byte boundary.
        return endInCycle < 0 || wordAt(file, (endInCycle + 3) & ~3L) == 0;
    }

    private static int wordAt(Path file, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer word = ByteBuffer.allocate(Integer.BYTES);
            return channel.read(word, offset) < Integer.BYTES ? 0 : word.getInt(0);
        }
    }

    /**
     * Rewrites {@code cycle}'s file as its readable entries, and, when it is {@code checkpointed}'s
     * cycle, fillers through {@code checkpointed}.
     */
    static void rebuild(Path dir, RollCycle rollCycle, int cycle, long checkpointed) {
        boolean fills = checkpointed >= 0 && rollCycle.toCycle(checkpointed) == cycle;
        Path work = dir.resolve(WORK_DIR);
        long copied = 0;
        long fillers = 0;
        try {
            deleteTree(work); // a crash left it half-written
            Files.createDirectories(work);
            // The new queue's clock stands still at the start of the cycle, so it writes that cycle.
            SetTimeProvider atCycle = new SetTimeProvider(TimeUnit.MILLISECONDS.toNanos(
                    (long) cycle * rollCycle.lengthInMillis()));
            Path rebuilt;
            Path cut;
            try (SingleChronicleQueue from = Journal.open(dir, rollCycle, atCycle);
                 SingleChronicleQueue to = Journal.open(work, rollCycle, atCycle);
                 ExcerptTailer tailer = from.createTailer();
                 ExcerptAppender appender = to.createAppender()) {
                cut = CycleFiles.fileOf(from, cycle);
                if (tailer.moveToIndex(rollCycle.toIndex(cycle, 0))) {
                    copied = copyCycle(tailer, appender, rollCycle, cycle);
                }
                for (long sequence = copied; fills && sequence <= rollCycle.toSequenceNumber(checkpointed); sequence++) {
                    Journal.writeFiller(appender);
                    fillers++;
                }
                if (fills && appender.lastIndexAppended() < checkpointed) {
                    throw new JournalException("journal " + dir + ": rebuilding cycle file " + cut.getFileName()
                            + " ended at " + Journal.indexName(rollCycle, appender.lastIndexAppended()) + ", not at "
                            + Journal.indexName(rollCycle, checkpointed) + "; the cut file is left as it was");
                }
                rebuilt = CycleFiles.fileOf(to, cycle);
            }
            force(rebuilt);
            Files.move(rebuilt, cut, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            force(dir);
            deleteTree(work);
        } catch (IOException e) {
            throw new JournalException("journal " + dir + ": cannot rebuild the file of cycle " + cycle + " ("
                    + e + ")", e);
        }
        if (fills) {
            LOG.warn("{} of journal {}, which the checkpoint covers, is past the end of its cycle file: the journal lost"
                    + " its tail, {} entries that never reached the disk. The cycle file was rebuilt from its {} readable"
                    + " entries and {} fillers, so new elements are journaled after the checkpoint; nothing is replayed,"
                    + " and the newest journaled element is the checkpoint's copy of it",
                    Journal.indexName(rollCycle, checkpointed), dir, fillers, copied, fillers);
        } else {
            LOG.warn("the file of cycle {} of journal {} lost its tail after the checkpoint (Chronicle's header names"
                    + " entries past the last one that can be read: they never reached the disk). It was rebuilt from"
                    + " its {} readable entries; the producer re-sends what followed from lastJournaled()", cycle, dir,
                    copied);
        }
    }

    /** Copies the entries of {@code cycle} that can be read, in order, from where {@code tailer} stands. */
    private static long copyCycle(ExcerptTailer tailer, ExcerptAppender appender, RollCycle rollCycle, int cycle) {
        long copied = 0;
        while (true) {
            try (DocumentContext in = tailer.readingDocument()) {
                if (!in.isPresent() || rollCycle.toCycle(in.index()) != cycle) {
                    return copied;
                }
                Bytes<?> bytes = in.wire().bytes();
                try (DocumentContext out = appender.writingDocument()) {
                    out.wire().bytes().write(bytes, bytes.readPosition(), bytes.readRemaining());
                }
                copied++;
            }
        }
    }

    private static void force(Path path) {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // a directory that cannot be opened (Windows): its file system keeps the rename
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
