package io.streamz4j.checkpoint;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Finds a Chronicle metadata file ({@code metadata.cq4t}) that a process killed while Chronicle
 * created it left half-written: its first document's header promises more bytes than the file
 * holds, or says the document was never finished. Chronicle cannot open such a file: it waits ten
 * seconds for a lock its own reading of the file needs and fails with "Unable to claim exclusive
 * lock", or opens the queue read-only. A half-written file holds nothing yet (the queue's
 * settings, which the journal passes anyway, come first), so it is deleted and Chronicle writes a
 * new one.
 *
 * <p>Thread safety: called by the thread opening a queue, with the journal directory's
 * {@link JournalLock} held, so no live process is writing the file.
 */
final class HalfWrittenMetadata {
    private static final Logger LOG = LoggerFactory.getLogger(HalfWrittenMetadata.class);
    /** Chronicle's header bit for a document still being written. */
    private static final int NOT_COMPLETE = 0x80000000;
    /** Chronicle's header bits for the document's length. */
    private static final int LENGTH = 0x3fffffff;

    private HalfWrittenMetadata() {
    }

    static void delete(Path metadata) {
        try {
            if (Files.exists(metadata) && halfWritten(metadata)) {
                Files.delete(metadata);
                LOG.warn("queue {}: its metadata file was left half-written by a process killed while creating it;"
                        + " deleted, and Chronicle writes a new one", metadata.getParent());
            }
        } catch (IOException e) {
            throw new JournalException("queue " + metadata.getParent() + ": cannot check or delete its metadata file "
                    + metadata, e);
        }
    }

    private static boolean halfWritten(Path metadata) throws IOException {
        try (FileChannel channel = FileChannel.open(metadata, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size == 0) {
                return false; // Chronicle writes an empty file from the start
            }
            ByteBuffer word = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.nativeOrder());
            if (channel.read(word, 0) < Integer.BYTES) {
                return true;
            }
            int header = word.getInt(0);
            return header == 0 || (header & NOT_COMPLETE) != 0 || size < Integer.BYTES + (long) (header & LENGTH);
        }
    }
}
