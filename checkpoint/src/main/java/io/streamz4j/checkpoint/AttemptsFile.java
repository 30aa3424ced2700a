package io.streamz4j.checkpoint;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * How many deliveries of one journaled element have failed, kept beside the checkpoint in
 * {@value #NAME} so that the count goes on across restarts: a process that dies between two
 * attempts, or a service restarted after each failure, still dead-letters the element after the
 * policy's number of attempts. Only one element is retried at a time (the emitting thread retries
 * it on the spot), so the file holds one (index, count) pair with a CRC; a torn or damaged file
 * reads as no count, which only allows more attempts. It is written and forced at each failure
 * and deleted once the element is delivered or dead-lettered; an element that never fails never
 * touches it.
 *
 * <p>Thread safety: used by the thread delivering elements (the emitter, or the starter during
 * replay) only.
 */
final class AttemptsFile {
    static final String NAME = "streamz4j.attempts";
    private static final Logger LOG = LoggerFactory.getLogger(AttemptsFile.class);
    private static final int MAGIC = 0x535a3441; // "SZ4A"
    private static final int SIZE = Integer.BYTES + Long.BYTES + Integer.BYTES + Integer.BYTES;

    private final Path file;
    /** Whether the file may exist (a count not yet cleared); saves a look at the disk per success. */
    private boolean written;

    AttemptsFile(Path journalDir) {
        this.file = journalDir.resolve(NAME);
        this.written = Files.exists(file);
    }

    /** How many deliveries of the element at {@code index} failed before (0: none recorded). */
    int failedBefore(long index) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new JournalException("attempts file " + file + ": cannot be read", e);
        }
        ByteBuffer in = ByteBuffer.wrap(content);
        if (content.length != SIZE || in.getInt(SIZE - Integer.BYTES) != crc(content) || in.getInt() != MAGIC) {
            LOG.warn("attempts file {} is damaged ({} bytes); counting the attempts from zero", file, content.length);
            return 0;
        }
        long recorded = in.getLong();
        return recorded == index ? in.getInt() : 0;
    }

    /** Stores durably that {@code failed} deliveries of the element at {@code index} failed. */
    void record(long index, int failed) {
        ByteBuffer out = ByteBuffer.allocate(SIZE);
        out.putInt(MAGIC).putLong(index).putInt(failed);
        out.putInt(crc(out.array()));
        out.flip();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            while (out.hasRemaining()) {
                channel.write(out, out.position());
            }
            channel.force(true);
        } catch (IOException e) {
            throw new JournalException("attempts file " + file + ": cannot be written", e);
        }
        written = true;
    }

    /** Forgets the count: the element it was for is delivered or dead-lettered. */
    void clear() {
        if (!written) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new JournalException("attempts file " + file + ": cannot be deleted", e);
        }
        written = false;
    }

    private static int crc(byte[] content) {
        CRC32C crc = new CRC32C();
        crc.update(content, 0, SIZE - Integer.BYTES);
        return (int) crc.getValue();
    }
}
