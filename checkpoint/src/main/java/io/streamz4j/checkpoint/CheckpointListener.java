package io.streamz4j.checkpoint;

/**
 * Told about the checkpoints a {@link JournaledSource} stores, in two phases, as a two-phase-commit
 * sink of Flink is: {@link #beforeCheckpointStored} when a checkpoint is about to be stored (make
 * durable what was written for the elements it covers: the pre-commit), and
 * {@link #checkpointStored} once it is (commit what the pre-commit prepared); and, at
 * {@code start()}, {@link #restored} with the checkpoint the source restarts from, before it
 * replays what follows (a sink finds there what of the replay it has already written). Register
 * with {@link JournaledSource#onCheckpoint} before {@code start()}.
 *
 * <p>Why two phases: after a crash the source replays everything after the stored checkpoint, so
 * output for an element the checkpoint covers is never produced again. If a sink's output for such
 * an element were only in memory or in the page cache when the checkpoint reached the disk, a power
 * cut would lose it for good. A sink that forces its output in the first phase makes the stored
 * checkpoint a promise its output keeps. A checkpoint at index {@code N} covers every element
 * whose journal index is at most {@code N} (each is done, or held by a snapshotted node whose
 * snapshot goes into the checkpoint and produces its output again after a restart).
 *
 * <p>Thread safety: {@link #restored} is called on the thread calling {@code start()}, before any
 * element is replayed; a listener that throws there fails the start. The other two are called on
 * the thread storing the checkpoint (the source's
 * {@code streamz4j-<name>-checkpoint} thread, a caller of {@link JournaledSource#checkpoint()},
 * or the thread closing the source), one checkpoint at a time, in the order listeners were
 * registered, while the pipeline may still be emitting on its own threads: a listener shares
 * whatever it touches with its sink's thread and must make that safe. A listener that throws from
 * {@link #beforeCheckpointStored} stops that checkpoint from being stored (logged; the next
 * interval tries again, with whatever index it has reached by then) and the listeners after it are
 * not called. One that throws from {@link #checkpointStored} is logged; the checkpoint stays stored.
 */
public interface CheckpointListener {

    /**
     * The source starts from the checkpoint at {@code journalIndex} (-1: none, everything is
     * replayed): what the listener wrote for elements after it is about to be produced again.
     * Nothing by default.
     */
    default void restored(long journalIndex) throws Exception {
    }

    /**
     * The checkpoint at {@code journalIndex} is about to be stored: make durable the output of every
     * element through it (throw to keep it from being stored). Nothing by default.
     */
    default void beforeCheckpointStored(long journalIndex) throws Exception {
    }

    /** The checkpoint at {@code journalIndex} is stored: a restart replays only what follows it. Nothing by default. */
    default void checkpointStored(long journalIndex) {
    }
}
