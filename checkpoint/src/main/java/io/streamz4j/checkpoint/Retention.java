package io.streamz4j.checkpoint;

import io.streamz4j.Arguments;

/**
 * Which journal cycles (Chronicle's roll periods, one file each) to delete once a checkpoint has
 * passed them. A cycle is deleted only when it lies wholly below the checkpoint's cycle, so replay
 * never needs it; under a steady stream the journal then holds the current cycles plus
 * {@code keepCycles} old ones.
 *
 * @param keepCycles how many whole cycles below the checkpoint's to keep; -1 keeps everything
 */
public record Retention(int keepCycles) {

    public Retention {
        if (keepCycles < -1) {
            throw new IllegalArgumentException("Retention: parameter 'keepCycles' must be -1 (keep all) or"
                    + " at least 0, got " + keepCycles);
        }
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

    boolean deletes() {
        return keepCycles >= 0;
    }
}
