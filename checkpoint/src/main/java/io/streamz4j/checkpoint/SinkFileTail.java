package io.streamz4j.checkpoint;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads back where an {@link ExactlyOnceFileSink}'s file ends, when the sink opens it: cuts off a
 * last line a crash left without its newline, then reads lines backward from the end to find the
 * highest journal index written and how many lines carry it (one element may produce several
 * lines: a flatten). Only the tail is read, block by block, however long the file.
 *
 * <p>Thread safety: used once, on the thread building the sink, before the file is written.
 */
final class SinkFileTail {
    private static final Logger LOG = LoggerFactory.getLogger(SinkFileTail.class);
    private static final int BLOCK = 64 * 1024;

    /** Where the file ends, the highest index in it (-1: none) and how many lines carry that index. */
    record Recovered(long size, long highestIndex, long linesAtHighest) {
    }

    private final FileChannel channel;
    private final Path file;
    private final ByteBuffer block = ByteBuffer.allocate(BLOCK);
    /** The file position of {@link #block}'s first byte; -1: nothing loaded. */
    private long blockStart = -1;

    private SinkFileTail(FileChannel channel, Path file) {
        this.channel = channel;
        this.file = file;
    }

    static Recovered recover(FileChannel channel, Path file) throws IOException {
        return new SinkFileTail(channel, file).recover();
    }

    private Recovered recover() throws IOException {
        long size = channel.size();
        long end = previousNewline(size) + 1;
        if (end < size) {
            LOG.warn("{}: cutting off a last line of {} bytes that a crash left without its newline", file, size - end);
            channel.truncate(end);
            channel.force(false);
            blockStart = -1;
        }
        long highest = -1;
        long lines = 0;
        for (long lineEnd = end - 1; lineEnd >= 0; ) {
            long lineStart = previousNewline(lineEnd) + 1;
            long index = SinkLine.index(prefix(lineStart, lineEnd), file, lineStart);
            if (index != SinkLine.NO_INDEX) {
                if (highest < 0) {
                    highest = index;
                } else if (index != highest) {
                    break;
                }
                lines++;
            }
            lineEnd = lineStart - 1;
        }
        return new Recovered(end, highest, lines);
    }

    /** The position of the last newline before {@code before}, or -1. */
    private long previousNewline(long before) throws IOException {
        for (long pos = before - 1; pos >= 0; pos--) {
            if (pos < blockStart || blockStart < 0 || pos >= blockStart + block.limit()) {
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
