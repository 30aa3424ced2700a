package io.streamz4j.checkpoint;

import java.util.List;
import java.util.Map;

/**
 * Where an element of a {@link JournaledSource} sits in its journal: found in the element's
 * metadata under {@link #KEY}, beside its reference counter. A sink that writes outside the
 * process reads it to tell a replay it has already written apart from new output (see
 * {@link ExactlyOnceFileSink}); a window's output carries the metadata of every element in it, and
 * {@link #highestIndex} finds the newest of them.
 *
 * <p>One object per slot of the source's completion ring, made once and reused, so carrying the
 * index allocates nothing per element. It therefore describes its element only while that element
 * is held: the slot is given to a later element only after every reference to this one has been
 * released (the tracker's cursor must pass it first). Read it during {@code update}, or while the
 * element's reference is retained; copy the index out to keep it.
 *
 * <p>Thread safety: written by the emitting thread before the element is emitted; read by any node
 * the element reaches, which the hand-off to that node's thread (a ring, a loop's inbox) orders
 * after the write.
 */
public final class JournalPosition {
    /** The metadata key under which an element of a journaled source carries its position. */
    public static final String KEY = "journal";

    private long index = -1;

    JournalPosition() {
    }

    /** The element's journal index (Chronicle's: cycle and sequence number in one long). */
    public long index() {
        return index;
    }

    void index(long journalIndex) {
        index = journalIndex;
    }

    /**
     * The highest journal index any map of {@code metadata} carries under {@link #KEY}, or -1 when
     * none does (no metadata, or an element that did not come from a journaled source, or whose
     * metadata a node dropped).
     */
    public static long highestIndex(List<Map<String, Object>> metadata) {
        long highest = -1;
        if (metadata == null) {
            return highest;
        }
        for (int i = 0, n = metadata.size(); i < n; i++) {
            Map<String, Object> entry = metadata.get(i);
            if (entry != null && entry.get(KEY) instanceof JournalPosition position) {
                highest = Math.max(highest, position.index);
            }
        }
        return highest;
    }

    @Override
    public String toString() {
        return "<JournalPosition index=0x" + Long.toHexString(index) + ">";
    }
}
