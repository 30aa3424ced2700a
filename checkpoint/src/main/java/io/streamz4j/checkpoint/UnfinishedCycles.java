package io.streamz4j.checkpoint;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Deletes cycle files that a crash left half-created: the process died after creating the file but
 * before completing its header, which Chronicle writes before any entry, so such a file holds no
 * entry. Chronicle would wait on it at every restart and only much later rename it aside; this
 * deletes it at once, before the queue opens, with a WARN line naming the file. It also deletes
 * what earlier versions moved aside instead ({@code *.cq4.unfinished-<nanos>}, as large as a cycle
 * file by {@code ls}), which nothing ever read.
 *
 * <p>Thread safety: called once, by the thread opening the journal, before Chronicle touches it
 * and while the journal's {@link JournalLock} is held (no other writer can be creating a file).
 */
final class UnfinishedCycles {
    private static final Logger LOG = LoggerFactory.getLogger(UnfinishedCycles.class);
    /** Chronicle's header bit for "being written". */
    private static final int NOT_COMPLETE = 0x80000000;

    private UnfinishedCycles() {
    }

    static void delete(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.cq4")) {
            for (Path file : files) {
                int header = firstWord(file);
                if ((header == 0 || (header & NOT_COMPLETE) != 0) && Files.deleteIfExists(file)) {
                    LOG.warn("journal {}: deleted cycle file {}, which a crash left half-created (its header"
                            + " was never completed, so it held no entry)", dir, file.getFileName());
                }
            }
        } catch (IOException e) {
            throw new JournalException("journal " + dir + ": cannot check its cycle files", e);
        }
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, "*.cq4.unfinished-*")) {
            for (Path file : leftovers) {
                if (Files.deleteIfExists(file)) {
                    LOG.warn("journal {}: deleted {}, a half-created cycle file an earlier run moved aside"
                            + " (it held no entry)", dir, file.getFileName());
                }
            }
        } catch (IOException e) {
            throw new JournalException("journal " + dir + ": cannot delete half-created cycle files moved aside", e);
        }
    }

    private static int firstWord(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer word = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.nativeOrder());
            return channel.read(word, 0) < Integer.BYTES ? 0 : word.getInt(0);
        }
    }
}
