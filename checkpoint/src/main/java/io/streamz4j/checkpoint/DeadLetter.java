package io.streamz4j.checkpoint;

import java.time.Instant;

/**
 * One entry of a journaled source's dead-letter journal, as {@link JournaledSource#deadLetters()}
 * reads it back: an element a node kept failing on, or a damaged journal entry met during replay.
 *
 * @param index        this entry's index in the dead-letter journal, which {@link JournaledSource#reEmit} takes
 * @param journalIndex the element's index in the source's journal
 * @param kind         why it is here
 * @param exceptionClass the failure's exception class; null for a damaged entry
 * @param message      the failure's message (may be null); null for a damaged entry
 * @param node         the failing node as it prints ({@code <map: parse>}); null for a damaged entry
 * @param attempts     how many deliveries failed (0 for a damaged entry)
 * @param time         the wall time it was dead-lettered
 * @param raw          the element's codec bytes (for a damaged entry, the entry's bytes as found,
 *                     its hash included); the array read back, not a copy to keep private
 * @param value        the element decoded from {@code raw}; null when a damaged entry's or when the
 *                     codec cannot read it. A value whose codec releases it (a frame) is the
 *                     reader's: give it back with the codec's {@code release}
 * @param reEmittedAt  the journal index it was re-emitted at, -1 while it has not been
 * @param <T>          the element type
 */
public record DeadLetter<T>(long index, long journalIndex, Kind kind, String exceptionClass, String message,
        String node, int attempts, Instant time, byte[] raw, T value, long reEmittedAt) {

    /** Why an element was dead-lettered. */
    public enum Kind {
        /** A node threw on it as often as the failure policy allows. */
        FAILED,
        /** Its journal entry was damaged (hash mismatch) when replayed. */
        DAMAGED
    }

    /** Whether it has been re-emitted into the source already. */
    public boolean handled() {
        return reEmittedAt >= 0;
    }
}
