package io.streamz4j.checkpoint;

/**
 * What {@link JournaledSource#start()} does with a damaged journal entry (its hash does not match
 * its bytes) inside the range it replays. Neither loses it silently: the entry is counted
 * ({@link JournaledSource#damagedEntryCount()}) and logged at ERROR.
 *
 * <p>The default is {@link #DEAD_LETTER}: the entry's bytes are kept where an operator can read
 * them back, and the service starts; {@link #STOP} would leave it unable to start until someone
 * repairs or moves the journal, for one entry whose bytes are kept either way.
 */
public enum DamagedEntryPolicy {
    /** {@code start()} throws a {@link JournalException} naming the journal directory and the entry's index. */
    STOP,
    /**
     * The entry's bytes (as found, hash included) go to the dead-letter journal with the kind
     * {@link DeadLetter.Kind#DAMAGED}; the replay goes on and the checkpoint passes the entry.
     */
    DEAD_LETTER
}
