package io.streamz4j.checkpoint.frame;

import io.streamz4j.checkpoint.JournaledSource;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The frame codec's side of a torn newest entry: the checkpoint covers the newest frame, whose
 * journal entry is then damaged; the restart replays nothing and {@code lastJournaled()} is the
 * frame decoded from the checkpoint's copy, in the new run's allocator, released like any frame
 * read back (the allocator closes with nothing outstanding).
 */
class FrameResumeAfterDamageTest {
    private static final Schema SCHEMA = Schema.builder().add("name", ColumnType.STRING)
            .add("n", ColumnType.LONG).build();
    private static final String MARKER = "newest-frame-marker";

    private static Frame frame(BufferAllocator allocator, String name, long n) {
        return Frame.fromRows(SCHEMA, List.<Object[]>of(new Object[] {name, n}), allocator);
    }

    private static JournaledSource<Frame> open(Path dir, BufferAllocator allocator) {
        return JournaledSource.builder(dir, FrameCodecs.frames(SCHEMA, allocator))
                .checkpointInterval(Duration.ZERO).build();
    }

    @Test
    void aTornNewestFrameIsReadBackFromTheCheckpointsCopy(@TempDir Path dir) throws IOException {
        List<Map<String, Object>> newest;
        try (BufferAllocator allocator = new RootAllocator();
                JournaledSource<Frame> source = open(dir, allocator);
                Frame first = frame(allocator, "first", 1);
                Frame last = frame(allocator, MARKER, 2)) {
            source.sink(f -> { });
            source.start();
            source.emit(first);
            source.emit(last); // both done at once: the close's checkpoint covers the newest
            newest = last.toRecords();
        }
        flipByteOf(dir, MARKER);
        try (BufferAllocator allocator = new RootAllocator()) {
            try (JournaledSource<Frame> source = open(dir, allocator)) {
                List<Frame> seen = source.sinkToList();
                source.start();
                assertEquals(List.of(), seen, "the checkpoint covers the damaged frame: nothing replays");
                assertEquals(newest, source.lastJournaled().toRecords());
                try (Frame next = frame(allocator, "next", 3)) {
                    source.emit(next); // replaces, and so releases, the frame decoded from the copy
                }
            }
            assertEquals(0, allocator.getAllocatedMemory(), "the source released the frame it decoded");
        }
    }

    /** Flips a byte of {@code marker} in whichever journal file holds it. */
    private static void flipByteOf(Path dir, String marker) throws IOException {
        byte[] needle = marker.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".cq4")).toList()) {
                byte[] content = Files.readAllBytes(file);
                for (int at = 0; at + needle.length <= content.length; at++) {
                    if (Arrays.equals(content, at, at + needle.length, needle, 0, needle.length)) {
                        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                            raf.seek(at + 3);
                            raf.write(content[at + 3] ^ 0x20);
                        }
                        return;
                    }
                }
            }
        }
        throw new AssertionError(marker + " is in no journal file");
    }
}
