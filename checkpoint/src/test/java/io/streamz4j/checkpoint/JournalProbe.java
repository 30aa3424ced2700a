package io.streamz4j.checkpoint;

import net.openhft.chronicle.bytes.Bytes;
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

    /** The long at {@code index}, or {@code ifAbsent} when the index is negative, not in the journal, or a filler. */
    static long valueAt(Path dir, long index, long ifAbsent) {
        if (index < 0) {
            return ifAbsent;
        }
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir).readOnly(true).build();
             ExcerptTailer tailer = queue.createTailer()) {
            if (!tailer.moveToIndex(index)) {
                return ifAbsent; // the journal lost its tail before it
            }
            try (DocumentContext dc = tailer.readingDocument()) {
                Bytes<?> bytes = dc.wire().bytes();
                return bytes.readRemaining() < Long.BYTES ? ifAbsent : bytes.readLong(); // a filler holds no value
            }
        }
    }

    /**
     * The newest long in the journal, or {@code ifEmpty}: read forward from {@code fromIndex} (the
     * start when negative or no longer in the journal), which is quick from a recent checkpoint.
     */
    static long last(Path dir, long fromIndex, long ifEmpty) {
        long last = ifEmpty;
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir).readOnly(true).build();
             ExcerptTailer tailer = queue.createTailer()) {
            if (fromIndex >= 0 && !tailer.moveToIndex(fromIndex)) {
                tailer.toStart(); // the journal lost its tail before it: read all that is left
            }
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        return last;
                    }
                    Bytes<?> bytes = dc.wire().bytes();
                    if (bytes.readRemaining() >= Long.BYTES) { // a filler for lost entries holds no value
                        last = bytes.readLong();
                    }
                }
            }
        }
    }

    /** The index of the newest entry in the journal (a filler's too), or -1 when it is empty. */
    static long newestIndex(Path dir) {
        long newest = -1;
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir).readOnly(true).build();
             ExcerptTailer tailer = queue.createTailer()) {
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        return newest;
                    }
                    newest = dc.index();
                }
            }
        }
    }
}
