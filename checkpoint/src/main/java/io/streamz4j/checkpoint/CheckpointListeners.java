package io.streamz4j.checkpoint;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The {@link CheckpointListener}s of one {@link JournaledSource}, called around each checkpoint
 * it stores; see {@link CheckpointListener} for what each phase promises.
 *
 * <p>Thread safety: listeners are added before the source starts (on the building thread); the
 * calls come from the starting thread ({@link #restored}) and then from the thread storing a
 * checkpoint, under the source's monitor, so the list is only read by then.
 */
final class CheckpointListeners {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointListeners.class);

    private final List<CheckpointListener> listeners = new ArrayList<>();
    private final Object owner;
    /** How an index is written in messages: the journal's "index 0x... (cycle c, entry n) of journal dir". */
    private final LongFunction<String> describe;

    CheckpointListeners(Object owner, LongFunction<String> describe) {
        this.owner = owner;
        this.describe = describe;
    }

    void add(CheckpointListener listener) {
        listeners.add(listener);
    }

    /** At start, before the replay; a listener that throws fails the start (a JournalException). */
    void restored(long index) {
        for (CheckpointListener listener : listeners) {
            try {
                listener.restored(index);
            } catch (Exception e) {
                throw failure(e, owner + ": checkpoint listener " + listener + " failed when told the source restarts"
                        + " from the checkpoint at " + describe.apply(index));
            }
        }
    }

    /** The first phase; a listener that throws keeps the checkpoint from being stored (a JournalException). */
    void beforeStore(long index) {
        for (CheckpointListener listener : listeners) {
            try {
                listener.beforeCheckpointStored(index);
            } catch (Exception e) {
                throw failure(e, owner + ": checkpoint listener " + listener + " failed before the checkpoint at "
                        + describe.apply(index) + " was stored, so it is not stored");
            }
        }
    }

    private static JournalException failure(Exception e, String what) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new JournalException(what + ": " + e, e);
    }

    /** The second phase; a listener that throws is logged, and the others are still told. */
    void afterStore(long index) {
        for (CheckpointListener listener : listeners) {
            try {
                listener.checkpointStored(index);
            } catch (RuntimeException e) {
                LOG.error("{}: checkpoint listener {} failed after the checkpoint at {} was stored (it stays"
                        + " stored)", owner, listener, describe.apply(index), e);
            }
        }
    }
}
