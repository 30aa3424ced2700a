package io.streamz4j.checkpoint;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A crash simulated on a journaled pipeline of longs, for the snapshot tests: the checkpoint file
 * is put back, after the run, as it was stored at an earlier moment, which is what a process
 * killed before its next checkpoint leaves on disk; the restarted run is compared with one that
 * never stopped.
 */
final class SimulatedCrash {
    private SimulatedCrash() {
    }

    static JournaledSource<Long> open(Path dir) {
        return JournaledSource.builder(dir, Codecs.LONG).checkpointInterval(Duration.ZERO).build();
    }

    /** Builds a pipeline on a source, registers its snapshots, and returns what its sink collects. */
    interface Pipeline extends Function<JournaledSource<Long>, List<?>> {
    }

    /** Emits from..to, checkpointing after each if {@code checkpointing}. */
    static void emit(JournaledSource<Long> source, long from, long to, boolean checkpointing) {
        for (long x = from; x <= to; x++) {
            source.emit(x);
            if (checkpointing) {
                source.checkpoint();
            }
        }
    }

    /** Emits 1..total in one run, checkpointing after each, and returns the sink's output. */
    static List<Object> uncrashed(Path dir, Pipeline pipeline, long total) {
        try (JournaledSource<Long> source = open(dir)) {
            List<?> out = pipeline.apply(source);
            source.start();
            emit(source, 1, total, true);
            return new ArrayList<>(out);
        }
    }

    /**
     * Emits 1..crashAt checkpointing through {@code checkpointAt} only, "crashes" (the checkpoint
     * file goes back to the one stored after {@code checkpointAt}), restarts, which replays
     * checkpointAt+1..crashAt into the restored nodes, and emits on to {@code total}. Returns the
     * output the first run had given up to the checkpoint followed by all of the second run's.
     */
    static List<Object> restarted(Path dir, Pipeline pipeline, long checkpointAt, long crashAt, long total,
            boolean heldAtCut) {
        List<Object> seen = new ArrayList<>();
        CheckpointFile file = new CheckpointFile(dir);
        Checkpoint atCrash;
        try (JournaledSource<Long> source = open(dir)) {
            List<?> out = pipeline.apply(source);
            source.start();
            emit(source, 1, checkpointAt, true);
            atCrash = file.read();
            assertEquals(checkpointAt, JournalProbe.valueAt(dir, atCrash.completedThrough(), -1),
                    "the cut is at the newest element although nodes hold some");
            assertTrue(!heldAtCut || source.inFlight() > 0, "the snapshotted nodes hold elements at the cut");
            seen.addAll(out);
            emit(source, checkpointAt + 1, crashAt, false);
        }
        file.write(atCrash);
        try (JournaledSource<Long> source = open(dir)) {
            List<?> out = pipeline.apply(source);
            source.start();
            emit(source, crashAt + 1, total, false);
            seen.addAll(out);
        }
        return seen;
    }

    /**
     * 1..40, checkpointed through 14, crashed after 19, against an uncrashed run giving
     * {@code outputs}; {@code heldAtCut}: the snapshotted nodes hold elements at the cut.
     */
    static void assertRestartContinuesAsUncrashed(Path tmp, Pipeline pipeline, int outputs, boolean heldAtCut) {
        List<Object> expected = uncrashed(tmp.resolve("whole"), pipeline, 40);
        assertEquals(outputs, expected.size());
        assertEquals(expected, restarted(tmp.resolve("crashed"), pipeline, 14, 19, 40, heldAtCut));
    }
}
