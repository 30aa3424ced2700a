package io.streamz4j.checkpoint;

import io.streamz4j.Arguments;

/**
 * Which journal cycles (Chronicle's roll periods, one file each) to delete once a checkpoint has
 * passed them. A cycle is deleted only when it lies wholly below the checkpoint's cycle (the older
 * of the two checkpoints kept), so replay never needs it; under a steady stream the journal then
 * holds the current cycles plus {@code keepCycles} old ones. A size bound deletes further old
 * cycles, oldest first, while the journal's cycle files take more than {@code maxBytes}; it never
 * deletes one that replay needs, so a journal whose checkpoint is held back can still grow past it.
 * Sizes are the files' lengths as {@code ls} shows them: Chronicle sizes a cycle file ahead of its
 * entries (sparsely), so the bound counts the journal as the file system lists it.
 *
 * <p>Thread safety: immutable.
 *
 * @param keepCycles how many whole cycles below the checkpoint's to keep; -1 keeps every one the
 *                   size bound allows
 * @param maxBytes   the size the journal's cycle files may take before old ones are deleted;
 *                   {@link Long#MAX_VALUE}: no bound
 */
public record Retention(int keepCycles, long maxBytes) {

    public Retention {
        if (keepCycles < -1) {
            throw new IllegalArgumentException("Retention: parameter 'keepCycles' must be -1 (keep all) or"
                    + " at least 0, got " + keepCycles);
        }
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("Retention: parameter 'maxBytes' must be positive, got " + maxBytes);
        }
    }

    /** By cycles only, with no size bound. */
    public Retention(int keepCycles) {
        this(keepCycles, Long.MAX_VALUE);
    }

    /** Never deletes. */
    public static Retention keepAll() {
        return new Retention(-1);
    }

    /** Deletes cycles more than {@code keepCycles} below the checkpoint's cycle. */
    public static Retention deleteBelowCheckpoint(int keepCycles) {
        Arguments.requireNonNegative(keepCycles, "Retention", "keepCycles");
        return new Retention(keepCycles);
    }

    /**
     * This policy, and besides it deletes the oldest cycles below the checkpoint's while the
     * journal's cycle files take more than {@code bytes}.
     */
    public Retention withMaxBytes(long bytes) {
        return new Retention(keepCycles, bytes);
    }

    boolean deletes() {
        return keepCycles >= 0 || bounded();
    }

    boolean bounded() {
        return maxBytes != Long.MAX_VALUE;
    }
}
