package io.streamz4j.checkpoint;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Forces a journal's cycle files to disk through a file channel of its own (an fsync, which on
 * Linux also writes back the pages Chronicle dirtied through its mapping). It keeps the channel of
 * the newest cycle it forced open, so forcing the same cycle again costs only the system call;
 * when the journal has rolled on, it first forces the cycles it has not forced since, and the
 * directory, so the new file's name is durable too.
 *
 * <p>Thread safety: one thread at a time (the appending one under {@link JournalSync#ELEMENT}, the
 * checkpointing one under {@link JournalSync#BATCH}).
 */
final class CycleForcer implements AutoCloseable {
    private final Journal<?> journal;
    private final SingleChronicleQueue queue;
    private final RollCycle rollCycle;
    /** The cycle whose file {@link #channel} is; none before the first force. */
    private int cycle = Integer.MIN_VALUE;
    private FileChannel channel;
    private long forcedThrough = -1;

    CycleForcer(Journal<?> journal) {
        this.journal = journal;
        this.queue = journal.queue();
        this.rollCycle = queue.rollCycle();
    }

    /** Forces every entry through {@code index} (no-op when it is already forced). */
    void forceThrough(long index) {
        if (index <= forcedThrough) {
            return;
        }
        try {
            int target = rollCycle.toCycle(index);
            if (target != cycle) {
                moveTo(target);
            }
            channel.force(false);
            forcedThrough = index;
        } catch (IOException e) {
            throw new JournalException("cannot force " + journal.describe(index) + " to disk", e);
        }
    }

    /**
     * Forces what the previous file got since its last force and every cycle between it and
     * {@code target} (all cycles before it on the first call: a previous run may not have forced
     * them), then opens {@code target}'s file.
     */
    private void moveTo(int target) throws IOException {
        int from = channel == null ? Integer.MIN_VALUE : cycle;
        if (channel != null) {
            channel.force(false);
            channel.close();
            channel = null;
        }
        for (Path between : CycleFiles.listCycles(queue).subMap((long) from, false, (long) target, false).values()) {
            try (FileChannel older = FileChannel.open(between, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                older.force(false);
            } catch (NoSuchFileException e) {
                // retention deleted it meanwhile: a cycle below the checkpoint needs no forcing
            }
        }
        channel = open(target);
        cycle = target;
        forceDirectory();
    }

    private FileChannel open(int cycleNumber) throws IOException {
        return FileChannel.open(CycleFiles.fileOf(queue, cycleNumber), StandardOpenOption.READ, StandardOpenOption.WRITE);
    }

    /** Makes a new cycle file's name durable; a platform that cannot open a directory is left to its file system. */
    private void forceDirectory() {
        try (FileChannel directory = FileChannel.open(journal.dir(), StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            // Windows cannot open a directory; its file system keeps the name with the file.
        }
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // closing a channel that only forced: nothing was written through it
            }
            channel = null;
        }
    }
}
