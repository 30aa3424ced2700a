package io.streamz4j.checkpoint;

import net.openhft.chronicle.core.time.TimeProvider;

import java.time.Duration;
import java.util.List;

/**
 * The counters behind {@link JournaledSource#metrics()}, kept apart from the source so that
 * reading them never takes its monitor or touches the emit path: every field here is written by
 * the thread storing checkpoints or the one starting the source, never per element, and the two
 * per-element figures (the newest index, the elements in flight) are read from the
 * {@link CompletionTracker}, which publishes them anyway.
 *
 * <p>Thread safety: written by the starting thread and then under the source's monitor (one
 * writer at a time); read from any thread through volatile fields. A read may mix two moments by
 * a few elements, as any live gauge does.
 */
final class SourceMetrics {
    private final TimeProvider time;
    private volatile long checkpointIndex = -1;
    /** When the stored checkpoint was last stored or found up to date, or the start; -1 before start. */
    private volatile long currentSinceMillis = -1;
    private volatile long replayedAtStart;
    private volatile int stalledCheckpoints;
    /** The nodes named when the current stall was warned about; empty while there is none. */
    private volatile List<String> stalledBy = List.of();

    SourceMetrics(TimeProvider time) {
        this.time = time;
    }

    void started(long checkpoint, long replayed) {
        checkpointIndex = checkpoint;
        replayedAtStart = replayed;
        currentSinceMillis = time.currentTimeMillis();
    }

    void stored(long checkpoint) {
        checkpointIndex = checkpoint;
        currentSinceMillis = time.currentTimeMillis();
        stalledCheckpoints = 0;
        stalledBy = List.of();
    }

    /** Nothing to store, and nothing journaled after what is stored: the checkpoint is not behind. */
    void upToDate() {
        currentSinceMillis = time.currentTimeMillis();
        stalledCheckpoints = 0;
        stalledBy = List.of();
    }

    /** The nodes holding back the checkpoint when its stall was warned about (by the emitting thread). */
    void stalledBy(List<String> holders) {
        stalledBy = List.copyOf(holders);
    }

    /** A checkpoint that stored nothing although later elements were done; returns how many in a row. */
    int stalled() {
        int inARow = stalledCheckpoints + 1; // one writer: the source's monitor
        stalledCheckpoints = inARow;
        return inARow;
    }

    /** The figures now, given the tracker's (null before start), the journal's and the failures'. */
    CheckpointMetrics read(CompletionTracker tracker, Journal<?> journal, ElementFailures<?> failures) {
        long checkpoint = checkpointIndex;
        long since = currentSinceMillis;
        long newest = tracker == null ? checkpoint : Math.max(checkpoint, tracker.newestIndex());
        long lag = newest > checkpoint ? journal.entriesAfter(checkpoint, newest) : 0;
        Duration age = since < 0 ? Duration.ZERO : Duration.ofMillis(Math.max(0, time.currentTimeMillis() - since));
        return new CheckpointMetrics(checkpoint, newest, lag, age, replayedAtStart,
                tracker == null ? 0 : tracker.outstanding(), stalledCheckpoints, stalledBy, failures.failed(),
                failures.deadLettered(), failures.damaged());
    }
}
