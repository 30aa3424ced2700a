package io.streamz4j.checkpoint;

/**
 * When a journaled source forces its journal to disk. Chronicle writes entries into memory-mapped
 * cycle files; the kernel writes those pages back on its own, so an appended entry survives the
 * death of the process at once, but survives a power cut (or a kernel crash) only once forced. The
 * checkpoint file is always forced; this policy decides whether the journal entries it names are.
 *
 * <p>{@link #BATCH} is the default: the forcing happens on the thread that stores checkpoints,
 * once per checkpoint (every 100 ms by default), so the fsync stays off the emitting thread, and a
 * stored checkpoint never names an entry the disk lacks; a power cut loses at most the entries
 * appended since the last checkpoint, which the producer re-sends from {@code lastJournaled()}.
 * {@link #ELEMENT} closes even that gap at the price of a disk flush per element on the emitting
 * thread (bench/README.md, "Journal sync policy", has the cost of each).
 *
 * <p>Forcing is an fsync of the cycle file through a channel of its own: on Linux that writes
 * back the pages dirtied through Chronicle's mapping as well (Chronicle's own {@code sync()} must
 * run on the appending thread and covers only its current chunk).
 *
 * <p>Thread safety: immutable.
 */
public enum JournalSync {
    /**
     * Never forced: the kernel writes the pages back when it chooses. Survives the death of the
     * process; after a power cut the journal may end before the stored checkpoint, which the
     * restart then detects (it replays nothing, resumes the producer from the checkpoint's copy of
     * its position, and logs how many entries the journal lost).
     */
    NONE,
    /** Forced before each checkpoint is stored and at close, on the checkpointing thread. */
    BATCH,
    /** Forced after every append, on the emitting thread: no acknowledged element is ever lost. */
    ELEMENT
}
