package io.streamz4j.checkpoint.frame;

import io.streamz4j.checkpoint.Codec;
import io.streamz4j.checkpoint.CodecException;
import io.streamz4j.checkpoint.Codecs;
import io.streamz4j.checkpoint.JournaledSource;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.io.FrameFormatException;
import io.streamz4j.frame.RetainedFrames;
import io.streamz4j.frame.Schema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The built-in Arrow frame codec on a real journal: frames replay equal (schema and rows) from the
 * second run's allocator, which every test closes, so a frame the source forgot to release fails
 * the test (Arrow's allocator refuses to close with memory outstanding).
 */
class FrameCodecTest {
    private static final Schema SCHEMA = Schema.builder().add("name", ColumnType.STRING)
            .add("x", ColumnType.DOUBLE).add("n", ColumnType.LONG).add("ok", ColumnType.BOOLEAN)
            .index("t", ColumnType.TIMESTAMP).build();

    private static Frame frame(BufferAllocator allocator, int first) {
        return Frame.fromRows(SCHEMA, List.of(
                new Object[] {"alice", first + 0.5, (long) first, true, 1_000L * first},
                new Object[] {"bob", -first - 0.25, (long) -first, false, 1_000L * first + 1}), allocator);
    }

    private static JournaledSource<Frame> open(Path dir, Codec<Frame> codec) {
        return JournaledSource.builder(dir, codec).checkpointInterval(Duration.ZERO).build();
    }

    /** Journals three frames, the last two held in flight by a partition, as a crash would leave them. */
    private static List<List<Map<String, Object>>> journalThree(Path dir) {
        try (BufferAllocator allocator = new RootAllocator()) {
            List<Frame> frames = List.of(frame(allocator, 1), frame(allocator, 2), frame(allocator, 3));
            try (JournaledSource<Frame> source = open(dir, FrameCodecs.frames(SCHEMA, allocator))) {
                source.partition(2).sink(pair -> { });
                source.start();
                frames.forEach(source::emit);
            }
            List<List<Map<String, Object>>> records = frames.stream().map(Frame::toRecords).toList();
            frames.forEach(Frame::release);
            return records;
        }
    }

    @Test
    void framesHeldInFlightReplayEqualAfterARestartAndAreReleased(@TempDir Path dir) {
        List<List<Map<String, Object>>> written = journalThree(dir);
        try (BufferAllocator allocator = new RootAllocator()) {
            try (JournaledSource<Frame> source = open(dir, FrameCodecs.frames(SCHEMA, allocator));
                    RetainedFrames replayed = RetainedFrames.collect(source)) {
                source.start();
                assertEquals(1, replayed.frames().size(), "the first two were done by the partition");
                Frame frame = replayed.frames().get(0);
                assertTrue(SCHEMA.matches(frame.schema()), frame.schema().toString());
                assertEquals(written.get(2), frame.toRecords());
                assertEquals(written.get(2), source.lastJournaled().toRecords());
                assertTrue(allocator.getAllocatedMemory() > 0, "the replayed frame lives in the given allocator");
            }
            assertEquals(0, allocator.getAllocatedMemory(), "the source released what it replayed");
        }
    }

    @Test
    void theLastFrameIsReadBackWhenNothingReplaysAndReleasedAtClose(@TempDir Path dir) {
        List<List<Map<String, Object>>> written;
        try (BufferAllocator allocator = new RootAllocator()) {
            Frame frame = frame(allocator, 7);
            written = List.of(frame.toRecords());
            try (JournaledSource<Frame> source = open(dir, FrameCodecs.frames(SCHEMA, allocator))) {
                source.start();
                source.emit(frame); // no node holds it: done at once
            }
            frame.release();
        }
        try (BufferAllocator allocator = new RootAllocator()) {
            try (JournaledSource<Frame> source = open(dir, FrameCodecs.frames(SCHEMA, allocator))) {
                List<Frame> seen = source.sinkToList();
                source.start();
                assertEquals(List.of(), seen);
                assertEquals(written.get(0), source.lastJournaled().toRecords());
                try (Frame next = frame(allocator, 8)) {
                    source.emit(next); // replaces, and so releases, the frame read back
                }
                assertEquals(0, allocator.getAllocatedMemory());
            }
        }
    }

    @Test
    void aFrameOfAnotherSchemaIsRefusedNamingTheIndex(@TempDir Path dir) {
        Schema other = Schema.builder().add("x", ColumnType.DOUBLE).build();
        try (BufferAllocator allocator = new RootAllocator();
                JournaledSource<Frame> source = open(dir, FrameCodecs.frames(SCHEMA, allocator));
                Frame wrong = Frame.fromRows(other, List.<Object[]>of(new Object[] {1.0}), allocator)) {
            List<Frame> seen = source.sinkToList();
            source.start();
            CodecException e = assertThrows(CodecException.class, () -> source.emit(wrong));
            assertTrue(e.getMessage().contains("index 0x" + Long.toHexString(e.index()))
                    && e.getMessage().contains("'frame'") && e.getMessage().contains("does not fit"), e.getMessage());
            assertEquals(List.of(), seen, "a frame that was not journaled is not emitted");
        }
    }

    /** Bytes that pass the journal's checksum but are no Arrow IPC stream: a codec error naming the index. */
    @Test
    void aCorruptFramePayloadFailsTheReplayNamingTheIndex(@TempDir Path dir) {
        Codec<Frame> garbage = Codec.of("frame", (f, out) -> Codecs.BYTES.write(new byte[] {1, 2, 3, 4, 5}, out),
                in -> {
                    throw new AssertionError("not read in this run");
                });
        try (BufferAllocator allocator = new RootAllocator()) {
            try (JournaledSource<Frame> source = open(dir, garbage); Frame frame = frame(allocator, 1)) {
                source.partition(2).sink(pair -> { });
                source.start();
                source.emit(frame);
            }
            try (JournaledSource<Frame> source = open(dir, FrameCodecs.frames(SCHEMA, allocator))) {
                CodecException e = assertThrows(CodecException.class, source::start);
                assertTrue(e.getMessage().contains("index 0x" + Long.toHexString(e.index()))
                        && e.getMessage().contains("codec 'frame' failed to read"), e.getMessage());
                assertTrue(e.getCause() instanceof FrameFormatException && e.getMessage().contains("metadata length"),
                        "the frame reader's own refusal, named in the journal's: " + e.getMessage());
            }
            assertEquals(0, allocator.getAllocatedMemory());
        }
    }

    @Test
    void badArgumentsNameTheParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FrameCodecs.frames(SCHEMA, null));
        assertTrue(e.getMessage().contains("allocator"), e.getMessage());
        try (BufferAllocator allocator = new RootAllocator()) {
            e = assertThrows(IllegalArgumentException.class, () -> FrameCodecs.frames(null, allocator));
            assertTrue(e.getMessage().contains("schema"), e.getMessage());
        }
    }
}
