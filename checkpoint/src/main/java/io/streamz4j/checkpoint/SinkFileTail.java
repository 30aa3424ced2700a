package io.streamz4j.checkpoint;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads back the end of an {@link ExactlyOnceFileSink}'s file: cuts off a last line a crash left
 * without its newline, finds the highest journal index written, and counts the lines written for
 * elements after a given checkpoint. Lines are read backward from the end, block by block, so only
 * the tail is read however long the file.
 *
 * <p>Thread safety: used on the thread building the sink and then on the one starting the
 * source, before the file is written; one at a time.
 */
final class SinkFileTail {
    private static final Logger LOG = LoggerFactory.getLogger(SinkFileTail.class);
    private static final int BLOCK = 64 * 1024;

    private final FileChannel channel;
    private final Path file;
    private final ByteBuffer block = ByteBuffer.allocate(BLOCK);
    /** The file position of {@link #block}'s first byte; -1: nothing loaded. */
    private long blockStart = -1;
    /** Where the last whole line ends. */
    private final long end;

    /** Reads {@code channel}'s file back, cutting off a torn last line first. */
    SinkFileTail(FileChannel channel, Path file) throws IOException {
        this.channel = channel;
        this.file = file;
        long size = channel.size();
        this.end = previousNewline(size) + 1;
        if (end < size) {
            LOG.warn("{}: cutting off a last line of {} bytes that a crash left without its newline", file, size - end);
            channel.truncate(end);
            channel.force(false);
            blockStart = -1;
        }
    }

    /** Where the file ends once a torn last line is cut off: where the sink goes on writing. */
    long end() {
        return end;
    }

    /** The highest journal index a line carries (lines carry them in rising order): the last indexed line's; -1: none. */
    long highestIndex() throws IOException {
        for (long lineEnd = end - 1; lineEnd >= 0; ) {
            long lineStart = previousNewline(lineEnd) + 1;
            long index = SinkLine.index(prefix(lineStart, lineEnd), file, lineStart);
            if (index != SinkLine.NO_INDEX) {
                return index;
            }
            lineEnd = lineStart - 1;
        }
        return SinkLine.NO_INDEX;
    }

    /**
     * How many lines follow the last line whose journal index is at most {@code checkpoint}: the
     * lines written for elements after the checkpoint, which its replay produces again (untagged
     * lines count with the element whose tagged line follows them, as a flatten's items do). All
     * lines when none is at most {@code checkpoint}.
     */
    long linesAfter(long checkpoint) throws IOException {
        long lines = 0;
        for (long lineEnd = end - 1; lineEnd >= 0; ) {
            long lineStart = previousNewline(lineEnd) + 1;
            long index = SinkLine.index(prefix(lineStart, lineEnd), file, lineStart);
            if (index != SinkLine.NO_INDEX && checkpoint >= 0 && index <= checkpoint) {
                return lines;
            }
            lines++;
            lineEnd = lineStart - 1;
        }
        return lines;
    }

    /** The position of the last newline before {@code before}, or -1. */
    private long previousNewline(long before) throws IOException {
        for (long pos = before - 1; pos >= 0; pos--) {
            if (blockStart < 0 || pos < blockStart || pos >= blockStart + block.limit()) {
                load(Math.max(0, pos - BLOCK + 1));
            }
            if (block.get((int) (pos - blockStart)) == '\n') {
                return pos;
            }
        }
        return -1;
    }

    private void load(long start) throws IOException {
        block.clear();
        long pos = start;
        while (block.hasRemaining()) {
            int read = channel.read(block, pos);
            if (read < 0) {
                break;
            }
            pos += read;
        }
        block.flip();
        blockStart = start;
    }

    /** The first bytes of the line from {@code lineStart} to the newline at {@code lineEnd}, as far as the prefix goes. */
    private String prefix(long lineStart, long lineEnd) throws IOException {
        int length = (int) Math.min(SinkLine.PREFIX_LENGTH, lineEnd - lineStart);
        ByteBuffer bytes = ByteBuffer.allocate(length);
        while (bytes.hasRemaining()) {
            if (channel.read(bytes, lineStart + bytes.position()) < 0) {
                break;
            }
        }
        return new String(bytes.array(), 0, bytes.position(), StandardCharsets.ISO_8859_1);
    }
}
