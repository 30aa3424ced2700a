package io.streamz4j.checkpoint;

import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.nio.file.Path;

/**
 * Reads a journal of longs directly with Chronicle (not through the code under test), for tests
 * that check what a journaled source stored. Read-only, so it never takes the journal's write
 * lock or touches a file a restarted writer must recover.
 */
final class JournalProbe {
    private JournalProbe() {
    }

    /** The long at {@code index}, or {@code ifAbsent} when the index is negative. */
    static long valueAt(Path dir, long index, long ifAbsent) {
        if (index < 0) {
            return ifAbsent;
        }
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir).readOnly(true).build();
             ExcerptTailer tailer = queue.createTailer()) {
            if (!tailer.moveToIndex(index)) {
                throw new AssertionError("index 0x" + Long.toHexString(index) + " is not in " + dir);
            }
            try (DocumentContext dc = tailer.readingDocument()) {
                return dc.wire().bytes().readLong();
            }
        }
    }

    /**
     * The newest long in the journal, or {@code ifEmpty}: read forward from {@code fromIndex} (the
     * start when negative), which is quick from a recent checkpoint.
     */
    static long last(Path dir, long fromIndex, long ifEmpty) {
        long last = ifEmpty;
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir).readOnly(true).build();
             ExcerptTailer tailer = queue.createTailer()) {
            if (fromIndex >= 0 && !tailer.moveToIndex(fromIndex)) {
                throw new AssertionError("index 0x" + Long.toHexString(fromIndex) + " is not in " + dir);
            }
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        return last;
                    }
                    last = dc.wire().bytes().readLong();
                }
            }
        }
    }
}
