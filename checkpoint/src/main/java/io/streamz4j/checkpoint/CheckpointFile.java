package io.streamz4j.checkpoint;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The checkpoint, stored beside the journal in {@value #NAME}. A new checkpoint is written to a
 * temporary file and renamed over the old one, so a crash of the process at any moment leaves
 * either the old checkpoint or the new one, never a mix; a CRC at the end catches anything else.
 * Like the journal itself (Chronicle writes through memory-mapped files and does not sync), it
 * survives the death of the process, which leaves the page cache to the kernel, but not a power
 * cut. It is deliberately not forced to disk: on common file systems an fsync flushes the journal's
 * dirty mapped pages too, and doing that at every checkpoint interval stalls the emitting thread.
 * An unreadable checkpoint is logged and treated as none: replaying more is safe, losing is not.
 *
 * <p>Thread safety: {@link #write} is called by one thread at a time; {@link #read} before any
 * write of this run.
 */
public final class CheckpointFile {
    static final String NAME = "streamz4j.checkpoint";
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointFile.class);
    private static final int MAGIC = 0x535a3443; // "SZ4C"
    private static final int VERSION = 1;

    private final Path file;
    private final Path temporary;

    public CheckpointFile(Path journalDir) {
        this.file = journalDir.resolve(NAME);
        this.temporary = journalDir.resolve(NAME + ".tmp");
    }

    /** The stored checkpoint; {@link Checkpoint#NONE} when there is none or it cannot be read. */
    public Checkpoint read() {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Checkpoint.NONE;
        } catch (IOException e) {
            throw new JournalException("checkpoint " + file + ": cannot be read", e);
        }
        try {
            return decode(content);
        } catch (IOException | RuntimeException e) {
            LOG.error("checkpoint {} is damaged ({}); replaying the whole journal instead", file, e.toString());
            return Checkpoint.NONE;
        }
    }

    /** Stores {@code checkpoint} durably, replacing the previous one. */
    public void write(Checkpoint checkpoint) {
        byte[] content = encode(checkpoint);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw new JournalException("checkpoint " + file + ": cannot be written", e);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new JournalException("checkpoint " + file + ": cannot replace the previous one", e);
        }
    }

    private static byte[] encode(Checkpoint checkpoint) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(checkpoint.completedThrough());
            out.writeInt(checkpoint.snapshots().size());
            for (Map.Entry<String, byte[]> snapshot : checkpoint.snapshots().entrySet()) {
                byte[] name = snapshot.getKey().getBytes(StandardCharsets.UTF_8);
                out.writeInt(name.length);
                out.write(name);
                out.writeInt(snapshot.getValue().length);
                out.write(snapshot.getValue());
            }
            out.flush();
            out.writeInt(crc(bytes.toByteArray(), bytes.size()));
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    private static Checkpoint decode(byte[] content) throws IOException {
        int body = content.length - Integer.BYTES;
        if (body < 0 || ByteBuffer.wrap(content, body, Integer.BYTES).getInt() != crc(content, body)) {
            throw new IOException("CRC mismatch");
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(content, 0, body));
        if (in.readInt() != MAGIC || in.readInt() != VERSION) {
            throw new IOException("not a streamz4j checkpoint of version " + VERSION);
        }
        long completedThrough = in.readLong();
        int count = in.readInt();
        Map<String, byte[]> snapshots = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
            snapshots.put(name, in.readNBytes(in.readInt()));
        }
        return new Checkpoint(completedThrough, snapshots);
    }

    private static int crc(byte[] content, int length) {
        CRC32C crc = new CRC32C();
        crc.update(content, 0, length);
        return (int) crc.getValue();
    }
}
