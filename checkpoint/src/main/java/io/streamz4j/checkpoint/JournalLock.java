package io.streamz4j.checkpoint;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive lock of a journal directory: one writer per journal, across threads and processes.
 * It is an OS file lock ({@link FileChannel#tryLock()}) on {@value #NAME} in the directory, so a
 * holder that dies, even by SIGKILL, loses it with its process and a restart takes it at once. The
 * holder writes its process id, host and start time into the file, and a refused writer names them.
 *
 * <p>Taking the lock is the first write to the directory, so a read-only one is refused here,
 * with its name, before Chronicle would open it read-only and fail at the first append.
 *
 * <p>Locks held by this JVM are also kept in a map by directory and checked before the file is
 * opened: on POSIX systems closing any channel of a locked file releases the process's lock on it,
 * so a second source in the same JVM must not even open the file.
 *
 * <p>Thread safety: {@link #acquire} may be called by any thread; {@link #close()} once, by the
 * owner.
 */
final class JournalLock implements AutoCloseable {
    static final String NAME = "streamz4j.lock";
    /** The directories this JVM holds, by real path, with their holder's description. */
    private static final Map<Path, String> HELD_HERE = new ConcurrentHashMap<>();

    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;

    private JournalLock(Path key, FileChannel channel, FileLock lock) {
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /** Locks {@code dir}, or throws a {@link JournalException} naming it and the holder. */
    static JournalLock acquire(Path dir, String owner) {
        if (!Files.isWritable(dir)) {
            throw new JournalException("journal " + dir + " is read-only: a journaled source appends to it and"
                    + " stores its checkpoint there, so it needs write access to the directory");
        }
        Path key = realPath(dir);
        String holder = describeHolder(owner);
        String other = HELD_HERE.putIfAbsent(key, holder);
        if (other != null) {
            throw refused(dir, other + ", in this JVM");
        }
        FileChannel channel = null;
        try {
            Path file = dir.resolve(NAME);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                throw refused(dir, readHolder(file));
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
            return new JournalLock(key, channel, lock);
        } catch (OverlappingFileLockException e) {
            // Some other code of this JVM locked the file: leave its channel's lock alone (closing
            // ours would release it on POSIX systems) and refuse.
            HELD_HERE.remove(key, holder);
            throw refused(dir, "another part of this JVM");
        } catch (IOException e) {
            HELD_HERE.remove(key, holder);
            closeQuietly(channel);
            throw new JournalException("journal " + dir + ": cannot create or lock " + NAME + " (" + e + ")", e);
        } catch (JournalException e) {
            HELD_HERE.remove(key, holder);
            throw e;
        }
    }

    private static JournalException refused(Path dir, String holder) {
        return new JournalException("journal " + dir + " is in use by another writer (" + holder + "); a journal"
                + " takes one writer at a time: close that source first, or give this one its own directory");
    }

    private static String describeHolder(String owner) {
        return owner + " in process " + ProcessHandle.current().pid() + " on " + hostName() + ", started "
                + Instant.ofEpochMilli(ManagementFactory.getRuntimeMXBean().getStartTime())
                + ", locked at " + Instant.now();
    }

    /**
     * This machine's name, from the environment or the kernel: never a DNS look-up, which can take
     * seconds on a badly configured host and would delay every build of a source.
     */
    private static String hostName() {
        for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
            String name = System.getenv(variable);
            if (name != null && !name.isBlank()) {
                return name.trim();
            }
        }
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
        } catch (IOException | RuntimeException e) {
            return "an unknown host";
        }
    }

    /** What the holder wrote into the lock file, or a placeholder when it cannot be read. */
    private static String readHolder(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? "a holder that has not written its name yet" : text;
        } catch (IOException e) {
            return "a holder whose name cannot be read: " + e;
        }
    }

    private static Path realPath(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir.toAbsolutePath().normalize();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing was locked through it
            }
        }
    }

    /** Releases the lock (the lock file stays, naming the last holder). */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // the channel closes below, which releases it as well
        } finally {
            closeQuietly(channel);
            HELD_HERE.remove(key);
        }
    }
}
