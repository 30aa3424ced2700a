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
import java.util.function.LongFunction;
import java.util.zip.CRC32C;

/**
 * The checkpoint, stored beside the journal in {@value #NAME}, with the one before it kept in
 * {@value #PREVIOUS}. A new checkpoint is written to a temporary file and forced to disk
 * ({@link FileChannel#force}); the current one is renamed to the previous, the temporary one
 * renamed over the current (atomic renames), and the directory forced so the renames persist
 * where the platform allows opening a directory (Linux, macOS; elsewhere the renames are as
 * durable as the file system makes them). A crash at any moment therefore leaves a whole current
 * checkpoint, or none and a whole previous one; a CRC at the end catches anything else (a torn
 * or overwritten file). The forcing happens on the thread that stores checkpoints (the source's
 * checkpoint thread, or a caller of {@code checkpoint()}), never per element on the emitting one.
 * How durable the journal is depends on its {@link JournalSync} policy: by default its pages are
 * forced before each checkpoint is stored, so a stored checkpoint never names an entry the disk
 * lacks; with {@link JournalSync#NONE} a power cut can leave the journal ending before the
 * checkpointed entry, and the restart then relies on the producer's position stored here.
 *
 * <p>Format (version 2; version 1 files, without the position, are still read): magic, version,
 * the checkpointed index, the length of the position (-1: none) and its bytes, the snapshots by
 * name, and a CRC32C of everything before it.
 *
 * <p>An unreadable current checkpoint is logged and the previous one used (more is replayed, which
 * is safe; the journal keeps the previous one's cycles, see {@link #retainedThrough()}); when
 * neither can be read, the whole journal is replayed. Losing elements is never the fallback.
 *
 * <p>Thread safety: {@link #write} is called by one thread at a time; {@link #read} before any
 * write of this run.
 */
public final class CheckpointFile {
    static final String NAME = "streamz4j.checkpoint";
    static final String PREVIOUS = NAME + ".previous";
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointFile.class);
    private static final int MAGIC = 0x535a3443; // "SZ4C"
    private static final int VERSION = 2;
    /** The first format: no producer's position. */
    private static final int VERSION_WITHOUT_POSITION = 1;

    private final Path dir;
    private final Path file;
    private final Path previous;
    private final Path temporary;
    /** Names an index in messages, as the journal does. */
    private final LongFunction<String> describe;
    /** Whether the current file is one to keep as the previous at the next write (not a damaged one). */
    private boolean currentIsGood = true;
    /** The older of the two checkpoints kept: the journal must hold everything after it. */
    private long retainedThrough = -1;

    public CheckpointFile(Path journalDir) {
        this(journalDir, index -> "index 0x" + Long.toHexString(index));
    }

    /** As {@link #CheckpointFile(Path)}, naming indexes with {@code describe} (the journal's wording). */
    CheckpointFile(Path journalDir, LongFunction<String> describe) {
        this.describe = describe;
        this.dir = journalDir;
        this.file = journalDir.resolve(NAME);
        this.previous = journalDir.resolve(PREVIOUS);
        this.temporary = journalDir.resolve(NAME + ".tmp");
    }

    /**
     * The stored checkpoint: the current one, else (missing or damaged, which is logged) the
     * previous one, else {@link Checkpoint#NONE}.
     */
    public Checkpoint read() {
        Checkpoint current = readOne(file);
        Checkpoint older = readOne(previous);
        currentIsGood = current != null;
        if (current != null) {
            retainedThrough = older != null ? Math.min(older.completedThrough(), current.completedThrough())
                    : current.completedThrough();
            return current;
        }
        if (older != null) {
            LOG.warn("checkpoint {}: using the previous checkpoint {}, at {}; everything after it is replayed",
                    file, previous.getFileName(), describeIndex(older.completedThrough()));
            retainedThrough = older.completedThrough();
            return older;
        }
        if (Files.exists(file) || Files.exists(previous)) {
            LOG.error("checkpoint {}: neither it nor {} can be read; replaying the whole journal instead",
                    file, previous.getFileName());
        }
        retainedThrough = -1;
        return Checkpoint.NONE;
    }

    /** The checkpoint in {@code path}; null, logged, when it is damaged; null when there is none. */
    private static Checkpoint readOne(Path path) {
        byte[] content;
        try {
            content = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new JournalException("checkpoint " + path + ": cannot be read", e);
        }
        try {
            return decode(content);
        } catch (IOException | RuntimeException e) {
            LOG.error("checkpoint {} is damaged ({}, {} bytes); ignoring it", path, e.toString(), content.length);
            return null;
        }
    }

    private String describeIndex(long index) {
        return index < 0 ? "the start" : describe.apply(index);
    }

    /** The current checkpoint's file, for messages. */
    public Path path() {
        return file;
    }

    /**
     * The index the journal must keep everything after, so that either stored checkpoint can be
     * replayed from: the older of the two (-1: keep everything).
     */
    public long retainedThrough() {
        return retainedThrough;
    }

    /** Stores {@code checkpoint} durably, keeping the one it replaces as the previous. */
    public void write(Checkpoint checkpoint) {
        byte[] content = encode(checkpoint);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        } catch (IOException e) {
            throw new JournalException("checkpoint " + file + ": cannot be written", e);
        }
        try {
            Checkpoint replaced = currentIsGood ? readOne(file) : null;
            if (replaced != null) {
                Files.move(file, previous, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            currentIsGood = true;
            retainedThrough = replaced != null ? replaced.completedThrough() : checkpoint.completedThrough();
        } catch (IOException e) {
            throw new JournalException("checkpoint " + file + ": cannot replace the previous one", e);
        }
        forceDirectory();
    }

    /** Makes the renames durable; a platform that cannot open a directory (Windows) is left to its file system. */
    private void forceDirectory() {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            LOG.debug("checkpoint {}: the directory cannot be forced here ({})", file, e.toString());
        }
    }

    private static byte[] encode(Checkpoint checkpoint) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(checkpoint.completedThrough());
            byte[] position = checkpoint.position();
            out.writeInt(position == null ? -1 : position.length);
            if (position != null) {
                out.write(position);
            }
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
        int version = in.readInt() == MAGIC ? in.readInt() : -1;
        if (version != VERSION && version != VERSION_WITHOUT_POSITION) {
            throw new IOException("not a streamz4j checkpoint of version " + VERSION_WITHOUT_POSITION
                    + " or " + VERSION);
        }
        long completedThrough = in.readLong();
        byte[] position = null;
        if (version >= VERSION) {
            int length = in.readInt();
            position = length < 0 ? null : in.readNBytes(length);
        }
        int count = in.readInt();
        Map<String, byte[]> snapshots = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
            snapshots.put(name, in.readNBytes(in.readInt()));
        }
        return new Checkpoint(completedThrough, position, snapshots);
    }

    private static int crc(byte[] content, int length) {
        CRC32C crc = new CRC32C();
        crc.update(content, 0, length);
        return (int) crc.getValue();
    }
}
