package io.streamz4j.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Remembers, in the file {@value #NAME} beside the journal, that retention has deleted cycle files
 * of it. Without a readable checkpoint a restart replays the whole journal onto nodes in their
 * initial state, which rebuilds their state exactly only while the journal still starts at its
 * first entry; once cycles are gone, the inputs they held would be missing from that state, so
 * {@link #requireReplayable} refuses the start instead of restoring a state that silently lacks
 * them. Nothing in the journal itself says whether older cycles existed, hence the marker.
 *
 * <p>Thread safety: {@link #mark} by the thread storing checkpoints, {@link #requireReplayable} by
 * the thread starting the source; both only touch the file system.
 */
final class TrimMarker {
    static final String NAME = "streamz4j.trimmed";

    private TrimMarker() {
    }

    /** Records that cycle files of the journal in {@code dir} were deleted (once; later calls find it). */
    static void mark(Path dir) throws IOException {
        Path marker = dir.resolve(NAME);
        if (!Files.exists(marker)) {
            Files.writeString(marker, "retention deleted cycle files of this journal\n");
        }
    }

    /**
     * Refuses, with a {@link JournalException} naming {@code checkpointFile}, a start with no
     * readable checkpoint ({@code checkpoint} is {@link Checkpoint#NONE}) on a journal retention has
     * trimmed, when snapshotted nodes would be rebuilt from the remaining entries alone.
     */
    static void requireReplayable(Path dir, Checkpoint checkpoint, boolean snapshotted, Path checkpointFile) {
        if (checkpoint.completedThrough() >= 0 || !snapshotted || !Files.exists(dir.resolve(NAME))) {
            return;
        }
        throw new JournalException("checkpoint " + checkpointFile + ": neither it nor its previous copy can be"
                + " read, and retention has deleted the journal's older cycles (" + dir.resolve(NAME) + "), so"
                + " replaying what is left onto the snapshotted nodes' initial state would lose the inputs"
                + " those cycles held; put back a checkpoint file, or start on a new directory");
    }
}
