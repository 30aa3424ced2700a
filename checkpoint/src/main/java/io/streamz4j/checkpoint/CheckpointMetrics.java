package io.streamz4j.checkpoint;

import java.time.Duration;
import java.util.List;

/**
 * What a {@link JournaledSource} reports about its checkpoints, read at one moment by
 * {@link JournaledSource#metrics()}. Indexes are Chronicle's journal indexes (-1: none); counts
 * are in journal entries or elements. Other figures join as components of their own.
 *
 * <p>Thread safety: immutable.
 *
 * @param checkpointIndex     the stored checkpoint: every entry through it is done or in a snapshot
 * @param lastJournaledIndex  the newest entry journaled (this run or before)
 * @param lag                 how many entries were journaled after the stored checkpoint: what a
 *                            crash now would replay (counted across roll cycles)
 * @param checkpointAge       how long the stored checkpoint has been behind: the time since it was
 *                            stored, or found to cover every journaled entry, or since start when
 *                            neither has happened this run (zero before start)
 * @param replayedAtStart     the elements the last start replayed
 * @param inFlight            the elements some node still holds
 * @param stalledCheckpoints  checkpoints in a row that stored nothing although later elements were
 *                            done (snapshots held back by an element outside them, or a listener
 *                            that failed); zero once one is stored
 * @param stalledBy           once a stall has lasted long enough to be warned about, the nodes
 *                            holding the elements that keep the checkpoint back, each with its count
 *                            (as {@link JournaledSource#checkpointHeldBy()} says); empty otherwise
 * @param failures            deliveries that failed in a node, each retry counted
 * @param deadLettered        elements and damaged entries moved to the dead-letter journal
 * @param damagedEntries      damaged journal entries replays met (dead-lettered, or the one that
 *                            stopped a start)
 */
public record CheckpointMetrics(long checkpointIndex, long lastJournaledIndex, long lag, Duration checkpointAge,
                                long replayedAtStart, long inFlight, int stalledCheckpoints, List<String> stalledBy,
                                long failures, long deadLettered, long damagedEntries) {

    public CheckpointMetrics {
        stalledBy = List.copyOf(stalledBy);
    }
}
