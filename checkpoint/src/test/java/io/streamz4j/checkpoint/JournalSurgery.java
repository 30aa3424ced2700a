package io.streamz4j.checkpoint;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Test helper: damages journals the way disks and power cuts do, reading them with Chronicle
 * directly (read-only, never through the code under test): flips one byte of one entry, copies a
 * journal directory as it was at some moment (so a newer checkpoint can be put over an older
 * journal: the journal lost its tail), and lays one directory's checkpoint files over another.
 *
 * <p>Thread safety: call with no source open on the directory.
 */
final class JournalSurgery {
    private JournalSurgery() {
    }

    /**
     * Flips one byte of the entry at {@code index}: {@code fromEnd} bytes before its end (1 to 4:
     * inside the hash that follows the codec's bytes; more: inside the codec's bytes).
     */
    static void flipByte(Path dir, long index, int fromEnd) throws IOException {
        if (!tryFlipByte(dir, index, fromEnd)) {
            throw new AssertionError("no cycle file of " + dir + " holds index 0x" + Long.toHexString(index));
        }
    }

    /**
     * As {@link #flipByte}, but false instead of an error when no cycle file holds the entry's bytes
     * where Chronicle read them (a journal whose writer was killed mid-entry can read back an
     * entry its file does not hold yet).
     */
    static boolean tryFlipByte(Path dir, long index, int fromEnd) throws IOException {
        long start;
        byte[] entry;
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir).readOnly(true).build();
             ExcerptTailer tailer = queue.createTailer()) {
            if (!tailer.moveToIndex(index)) {
                throw new AssertionError("index 0x" + Long.toHexString(index) + " is not in " + dir);
            }
            try (DocumentContext dc = tailer.readingDocument()) {
                Bytes<?> bytes = dc.wire().bytes();
                start = bytes.readPosition(); // a mapped queue's positions are offsets in its cycle file
                entry = new byte[(int) bytes.readRemaining()];
                bytes.read(entry);
            }
        }
        // The cycle file is the one holding exactly these bytes at that offset.
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".cq4")).toList()) {
                try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                    byte[] there = new byte[entry.length];
                    if (raf.length() < start + entry.length) {
                        continue;
                    }
                    raf.seek(start);
                    raf.readFully(there);
                    if (java.util.Arrays.equals(there, entry)) {
                        long at = start + entry.length - fromEnd;
                        raf.seek(at);
                        raf.write(entry[entry.length - fromEnd] ^ 0x5a);
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Cuts the cycle file holding {@code index} {@code bytesInto} bytes after the start of that
     * entry's header (0: just before it), as a file whose tail never reached the disk; the file's
     * own header still names the entries cut off.
     */
    static void cutAt(Path dir, long index, int bytesInto) throws IOException {
        long headerAt;
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir).readOnly(true).build();
             ExcerptTailer tailer = queue.createTailer()) {
            if (!tailer.moveToIndex(index)) {
                throw new AssertionError("index 0x" + Long.toHexString(index) + " is not in " + dir);
            }
            try (DocumentContext dc = tailer.readingDocument()) {
                headerAt = dc.wire().bytes().readPosition() - Integer.BYTES;
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            Path newest = files.filter(f -> f.toString().endsWith(".cq4")).max(Comparator.naturalOrder())
                    .orElseThrow(() -> new AssertionError("no cycle file in " + dir));
            try (RandomAccessFile raf = new RandomAccessFile(newest.toFile(), "rw")) {
                raf.setLength(headerAt + bytesInto);
            }
        }
    }

    /** Copies the journal directory {@code from} to {@code to}, as it is now. */
    static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Puts {@code from}'s checkpoint files (current and previous) over {@code to}'s. */
    static void takeCheckpoints(Path from, Path to) throws IOException {
        for (String name : new String[] {CheckpointFile.NAME, CheckpointFile.PREVIOUS}) {
            if (Files.exists(from.resolve(name))) {
                Files.copy(from.resolve(name), to.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** Deletes {@code dir} and everything in it: a killed run's copy, once the next run is copied from it. */
    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** Deletes every cycle file of the journal in {@code dir}: it lost everything. */
    static void deleteCycles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".cq4"))
                    .sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
