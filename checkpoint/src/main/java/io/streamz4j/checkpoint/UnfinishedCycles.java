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
 * <p>Only a file with nothing written past its header is deleted: a header that reads as
 * unfinished on a file holding data past it is damage, not a crash at creation, and that file is
 * moved aside as {@code *.cq4.damaged-<nanos>} (an ERROR names it) and kept for inspection.
 * Chronicle's header takes a few hundred bytes and entries and indexes start at 32 KiB or later,
 * so data is looked for from {@link #HEADER_BYTES} through {@link #SCANNED_BYTES}.
 *
 * <p>Thread safety: called once, by the thread opening the journal, before Chronicle touches it
 * and while the journal's {@link JournalLock} is held (no other writer can be creating a file).
 */
final class UnfinishedCycles {
    private static final Logger LOG = LoggerFactory.getLogger(UnfinishedCycles.class);
    /** Chronicle's header bit for "being written". */
    private static final int NOT_COMPLETE = 0x80000000;
    /** Past Chronicle's store header (about 250 bytes). */
    private static final long HEADER_BYTES = 4096;
    /** How far data is looked for: beyond the first entries and indexes of every roll cycle. */
    private static final long SCANNED_BYTES = 16L << 20;

    private UnfinishedCycles() {
    }

    static void delete(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.cq4")) {
            for (Path file : files) {
                int header = firstWord(file);
                if (header != 0 && (header & NOT_COMPLETE) == 0) {
                    continue;
                }
                if (holdsData(file)) {
                    Path aside = file.resolveSibling(file.getFileName() + ".damaged-" + System.nanoTime());
                    Files.move(file, aside);
                    LOG.error("journal {}: cycle file {} has a header that reads as unfinished but holds data past"
                            + " it: its header is damaged. Moved aside to {} for inspection; its entries are not"
                            + " replayed", dir, file.getFileName(), aside.getFileName());
                } else if (Files.deleteIfExists(file)) {
                    LOG.warn("journal {}: deleted cycle file {}, which a crash left half-created (its header"
                            + " was never completed, so it held no entry)", dir, file.getFileName());
                }
            }
        } catch (IOException e) {
            throw new JournalException("journal " + dir + ": cannot check its cycle files", e);
        }
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, "*.cq4.unfinished-*")) {
            for (Path file : leftovers) {
                if (holdsData(file)) {
                    LOG.warn("journal {}: kept {}, which an earlier run moved aside as half-created although it"
                            + " holds data past its header; inspect it, then delete it", dir, file.getFileName());
                } else if (Files.deleteIfExists(file)) {
                    LOG.warn("journal {}: deleted {}, a half-created cycle file an earlier run moved aside"
                            + " (it held no entry)", dir, file.getFileName());
                }
            }
        } catch (IOException e) {
            throw new JournalException("journal " + dir + ": cannot delete half-created cycle files moved aside", e);
        }
    }

    /** Whether any byte from {@link #HEADER_BYTES} through {@link #SCANNED_BYTES} is not zero. */
    private static boolean holdsData(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer chunk = ByteBuffer.allocate(64 << 10);
            long end = Math.min(channel.size(), SCANNED_BYTES);
            for (long at = HEADER_BYTES; at < end; at += chunk.capacity()) {
                chunk.clear();
                int read = channel.read(chunk, at);
                for (int i = 0; i < read; i++) {
                    if (chunk.get(i) != 0) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    private static int firstWord(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer word = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.nativeOrder());
            return channel.read(word, 0) < Integer.BYTES ? 0 : word.getInt(0);
        }
    }
}
