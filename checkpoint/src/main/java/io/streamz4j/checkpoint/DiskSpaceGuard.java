package io.streamz4j.checkpoint;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Refuses appends once the journal's file system has less than a minimum free. Chronicle writes
 * through memory-mapped files, where running out of disk would otherwise show up as a crash of
 * the JVM rather than an error the emitter can act on. The free space is read once every
 * {@link #CHECK_EVERY} appends (a system call), so the check costs a counter per element.
 *
 * <p>Thread safety: used by the journal's single appending thread.
 */
final class DiskSpaceGuard {
    static final int CHECK_EVERY = 1024;

    private final Path dir;
    private final FileStore store;
    private final long minFreeBytes;
    private int untilCheck;

    DiskSpaceGuard(Path dir, long minFreeBytes) {
        this.dir = dir;
        this.minFreeBytes = minFreeBytes;
        try {
            this.store = Files.getFileStore(dir);
        } catch (IOException e) {
            throw new JournalException("journal " + dir + ": cannot read its file system's free space", e);
        }
    }

    void check() {
        if (--untilCheck > 0) {
            return;
        }
        long free;
        try {
            free = store.getUsableSpace();
        } catch (IOException e) {
            throw new JournalException("journal " + dir + ": cannot read its file system's free space", e);
        }
        if (free < minFreeBytes) {
            throw full("the next element", null);
        }
        untilCheck = CHECK_EVERY;
    }

    JournalFullException full(String what, Throwable cause) {
        long free;
        try {
            free = store.getUsableSpace();
        } catch (IOException e) {
            free = -1;
        }
        return new JournalFullException("journal " + dir + ": disk full, " + what + " was not journaled"
                + " nor emitted (" + free + " bytes free, at least " + minFreeBytes + " required)", cause);
    }
}
