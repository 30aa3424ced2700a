package io.streamz4j.checkpoint;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A journaled source's dead letters: a second Chronicle queue in the subdirectory {@value #DIR}
 * of the journal's directory, created when the first letter is written. Each entry is a letter
 * (the element's journal index, its codec bytes as they were, why, how many attempts, when) or a
 * mark that a letter was re-emitted (its index and the journal index it was re-emitted at), so
 * "handled" is as durable as the letter itself. Every write is synced to disk (the queue's bytes
 * and its directories) before it returns: a letter is on disk before the checkpoint can pass the
 * element it replaces. Nothing is ever
 * deleted from it; it is the operator's to read, re-emit and clear.
 *
 * <p>Thread safety: written by the thread delivering elements (the emitter, or the starter during
 * replay); read from any thread. The methods take the object's monitor, used only when something
 * failed or someone reads the letters, never per element.
 *
 * @param <T> the element type
 */
final class DeadLetterJournal<T> implements AutoCloseable {
    static final String DIR = "dead-letters";
    private static final byte LETTER = 1;
    private static final byte RE_EMITTED = 2;

    private final Path dir;
    private final Codec<T> codec;
    private final TimeProvider time;
    private SingleChronicleQueue queue;
    private ExcerptAppender appender;
    /** Letter index to the journal index it was re-emitted at, for letters re-emitted; loaded on open. */
    private final Map<Long, Long> reEmitted = new LinkedHashMap<>();

    DeadLetterJournal(Path journalDir, Codec<T> codec, TimeProvider time) {
        this.dir = journalDir.resolve(DIR);
        this.codec = codec;
        this.time = time;
    }

    Path dir() {
        return dir;
    }

    /** Appends and syncs a letter; returns its index here. */
    synchronized long append(long journalIndex, DeadLetter.Kind kind, Throwable error, String node, int attempts,
            byte[] raw) {
        open();
        try (DocumentContext dc = appender.writingDocument()) {
            Bytes<?> out = dc.wire().bytes();
            out.writeByte(LETTER);
            out.writeLong(journalIndex);
            out.writeByte((byte) kind.ordinal());
            out.writeInt(attempts);
            out.writeLong(time.currentTimeMillis());
            writeNullable(out, error == null ? null : error.getClass().getName());
            writeNullable(out, error == null ? null : error.getMessage());
            writeNullable(out, node);
            out.writeInt(raw.length);
            out.write(raw);
        }
        sync();
        return appender.lastIndexAppended();
    }

    /** Records and syncs that the letter at {@code letterIndex} was re-emitted at {@code journalIndex}. */
    synchronized void markReEmitted(long letterIndex, long journalIndex) {
        open();
        try (DocumentContext dc = appender.writingDocument()) {
            Bytes<?> out = dc.wire().bytes();
            out.writeByte(RE_EMITTED);
            out.writeLong(letterIndex);
            out.writeLong(journalIndex);
        }
        sync();
        reEmitted.put(letterIndex, journalIndex);
    }

    /** The journal index the letter at {@code letterIndex} was re-emitted at; -1 if it was not. */
    synchronized long reEmittedAt(long letterIndex) {
        if (queue == null && !Files.isDirectory(dir)) {
            return -1;
        }
        open();
        return reEmitted.getOrDefault(letterIndex, -1L);
    }

    /** Every letter, oldest first, each with whether it has been re-emitted. */
    synchronized List<DeadLetter<T>> read() {
        if (queue == null && !Files.isDirectory(dir)) {
            return List.of();
        }
        open();
        List<DeadLetter<T>> letters = new ArrayList<>();
        forEachEntry(LETTER, (index, in) -> letters.add(letter(index, in)));
        return letters;
    }

    /** Reads every entry of {@code type}, oldest first, its bytes positioned after the type. */
    private void forEachEntry(byte type, EntryReader reader) {
        try (ExcerptTailer tailer = queue.createTailer()) {
            while (true) {
                try (DocumentContext dc = tailer.readingDocument()) {
                    if (!dc.isPresent()) {
                        return;
                    }
                    Bytes<?> in = dc.wire().bytes();
                    if (in.readByte() == type) {
                        reader.read(dc.index(), in);
                    }
                }
            }
        }
    }

    @FunctionalInterface
    private interface EntryReader {
        void read(long index, Bytes<?> in);
    }

    private DeadLetter<T> letter(long index, Bytes<?> in) {
        long journalIndex = in.readLong();
        DeadLetter.Kind kind = DeadLetter.Kind.values()[in.readByte()];
        int attempts = in.readInt();
        Instant when = Instant.ofEpochMilli(in.readLong());
        String exceptionClass = readNullable(in);
        String message = readNullable(in);
        String node = readNullable(in);
        byte[] raw = new byte[in.readInt()];
        in.read(raw);
        T value = kind == DeadLetter.Kind.FAILED ? decode(raw) : null;
        return new DeadLetter<>(index, journalIndex, kind, exceptionClass, message, node, attempts, when, raw,
                value, reEmitted.getOrDefault(index, -1L));
    }

    /** The value of a failed element's bytes; null when the codec cannot read them (kept raw then). */
    private T decode(byte[] raw) {
        Bytes<byte[]> bytes = Bytes.wrapForRead(raw);
        try {
            return codec.read(bytes);
        } catch (RuntimeException e) {
            return null;
        } finally {
            bytes.releaseLast();
        }
    }

    /**
     * Makes the last write durable: the queue's mapped bytes, and the directories, which a first
     * letter or a new cycle has just added files to. Writes are rare, so the cost does not matter.
     */
    private void sync() {
        appender.sync();
        forceDirectory(dir);
        forceDirectory(dir.getParent());
    }

    /** A platform that cannot open a directory (Windows) leaves it to its file system. */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // nothing more to do there: the letter's own bytes are synced
        }
    }

    /** Opens the queue (creating it) and loads which letters were re-emitted. */
    private void open() {
        if (queue != null) {
            return;
        }
        // as the journal's: a run killed while writing here leaves a lock its successor must recover quickly
        queue = Journal.open(dir, RollCycles.FAST_DAILY, time);
        appender = queue.createAppender();
        appender.singleThreadedCheckDisabled(true); // the emitter writes, but a reader may have opened it
        forEachEntry(RE_EMITTED, (index, in) -> {
            long letter = in.readLong();
            reEmitted.put(letter, in.readLong());
        });
    }

    private static void writeNullable(Bytes<?> out, String text) {
        out.writeBoolean(text != null);
        if (text != null) {
            out.writeUtf8(text);
        }
    }

    private static String readNullable(Bytes<?> in) {
        return in.readBoolean() ? in.readUtf8() : null;
    }

    /** "index 0x… of dead-letter journal dir", for messages. */
    String describe(long index) {
        return "index 0x" + Long.toHexString(index) + " of dead-letter journal " + dir;
    }

    @Override
    public synchronized void close() {
        if (queue != null) {
            appender.close();
            queue.close();
        }
    }
}
