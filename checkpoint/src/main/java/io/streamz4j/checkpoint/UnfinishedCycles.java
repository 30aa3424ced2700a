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
 * Finds cycle files that a crash left half-created: the process died after creating the file but
 * before completing its header, which Chronicle writes before any entry, so such a file holds no
 * entry. Chronicle would wait on it at every restart and only much later rename it aside; this
 * does the same at once, before the queue opens, with an ERROR line naming the file.
 *
 * <p>Thread safety: called once, by the thread opening the journal, before Chronicle touches it.
 */
final class UnfinishedCycles {
    private static final Logger LOG = LoggerFactory.getLogger(UnfinishedCycles.class);
    /** Chronicle's header bit for "being written". */
    private static final int NOT_COMPLETE = 0x80000000;

    private UnfinishedCycles() {
    }

    static void moveAside(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.cq4")) {
            for (Path file : files) {
                int header = firstWord(file);
                if (header == 0 || (header & NOT_COMPLETE) != 0) {
                    Path aside = file.resolveSibling(file.getFileName() + ".unfinished-" + System.nanoTime());
                    Files.move(file, aside);
                    LOG.error("journal {}: cycle file {} was left half-created by a crash (its header was"
                            + " never completed, so it holds no entry); moved aside to {}", dir,
                            file.getFileName(), aside.getFileName());
                }
            }
        } catch (IOException e) {
            throw new JournalException("journal " + dir + ": cannot check its cycle files", e);
        }
    }

    private static int firstWord(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer word = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.nativeOrder());
            return channel.read(word, 0) < Integer.BYTES ? 0 : word.getInt(0);
        }
    }
}
