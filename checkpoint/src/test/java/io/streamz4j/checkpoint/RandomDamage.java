package io.streamz4j.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Test helper: damages a killed run's journal at random, as a disk or a power cut may: the newest
 * entry's hash flipped, the cycle file cut at the checkpointed entry or at a later one (its tail
 * never reached the disk), the current checkpoint overwritten with garbage, or nothing. Two
 * damages that together destroy an input's every record are not dealt: once a cut has taken
 * entries only the current checkpoint covers, that checkpoint is not overwritten while the older
 * one kept beside it does not cover them too.
 *
 * <p>Thread safety: one test thread, with no source open on the directory.
 */
final class RandomDamage {
    /** The newest entry a cut took that only a checkpoint covers; -1 while none. */
    private long lostThrough = -1;

    /** Deals one damage to the journal in {@code dir}; says what it did. */
    String deal(Path dir, Random random) throws IOException {
        long checkpointed = new CheckpointFile(dir).read().completedThrough();
        if (checkpointed < 0) {
            return "none (no checkpoint yet)";
        }
        long newest = JournalProbe.newestIndex(dir);
        if (newest < checkpointed) {
            return "none (the journal ends before the checkpoint: a run was killed before it rebuilt it)";
        }
        switch (random.nextInt(5)) {
            case 0:
                return "none";
            case 1:
                if (!JournalSurgery.tryFlipByte(dir, newest, 1 + random.nextInt(4))) { // in the hash, which every entry has
                    return "none (the newest entry is not in its file yet: the kill came mid-write)";
                }
                return "flipped a byte of the newest entry" + (newest == checkpointed ? ", the checkpointed one" : "");
            case 2:
                JournalSurgery.cutAt(dir, checkpointed, random.nextInt(16));
                lostThrough = checkpointed;
                return "cut the journal at the checkpointed entry";
            case 3:
                long at = checkpointed + random.nextInt((int) Math.min(newest - checkpointed + 1, 1 << 20));
                JournalSurgery.cutAt(dir, at, random.nextInt(16));
                if (at == checkpointed) { // the cut took the checkpointed entry, as case 2's does
                    lostThrough = checkpointed;
                }
                return "cut the journal " + (at - checkpointed) + " entries after the checkpointed one";
            default:
                if (lostThrough >= 0 && previousCheckpoint(dir) < lostThrough) {
                    return "none (the checkpoint holds the only record of entries a cut took)";
                }
                Files.writeString(dir.resolve(CheckpointFile.NAME), "garbage");
                return "garbage over the current checkpoint";
        }
    }

    /** The index of the older checkpoint kept beside the current one; -1 when there is none. */
    private static long previousCheckpoint(Path dir) throws IOException {
        Path previous = dir.resolve(CheckpointFile.PREVIOUS);
        if (!Files.exists(previous)) {
            return -1;
        }
        Path alone = Files.createTempDirectory(dir.getParent(), "previous");
        Files.copy(previous, alone.resolve(CheckpointFile.NAME));
        return new CheckpointFile(alone).read().completedThrough();
    }
}
