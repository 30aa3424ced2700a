package io.streamz4j.checkpoint.frame;

import io.streamz4j.checkpoint.Codec;
import io.streamz4j.checkpoint.DeadLetter;
import io.streamz4j.checkpoint.FailurePolicy;
import io.streamz4j.checkpoint.JournaledSource;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.Frame;
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

/**
 * A poison frame: failed in a live emit under fail fast, then met in the replay of the next start
 * under the dead-letter policy, which moves the replayed frame's bytes to the dead-letter journal.
 * Reading the letter back decodes a frame from the codec's allocator, the reader's to release.
 * Every allocator is closed at the end, so a frame left unreleased fails the test.
 */
class FrameDeadLetterTest {
    private static final Schema SCHEMA = Schema.builder().add("n", ColumnType.LONG).build();

    private static Frame frame(BufferAllocator allocator, long n) {
        return Frame.fromRows(SCHEMA, List.<Object[]>of(new Object[] {n}), allocator);
    }

    private static JournaledSource<Frame> open(Path dir, Codec<Frame> codec, FailurePolicy policy) {
        JournaledSource<Frame> source = JournaledSource.builder(dir, codec).checkpointInterval(Duration.ZERO)
                .failurePolicy(policy).build();
        source.map((Frame f) -> {
            if ((long) f.toRecords().get(0).get("n") == 2) {
                throw new IllegalStateException("poison frame");
            }
            return f;
        }).sink(f -> { });
        return source;
    }

    @Test
    void aPoisonFrameMetInTheReplayIsDeadLetteredAndReadsBackAsAFrame(@TempDir Path dir) {
        try (BufferAllocator allocator = new RootAllocator()) {
            try (JournaledSource<Frame> source = open(dir, FrameCodecs.frames(SCHEMA, allocator),
                    FailurePolicy.failFast())) {
                source.start();
                for (long n = 1; n <= 3; n++) {
                    try (Frame f = frame(allocator, n)) {
                        if (n == 2) {
                            assertThrows(IllegalStateException.class, () -> source.emit(f));
                        } else {
                            source.emit(f);
                        }
                    }
                }
            }
        }
        try (BufferAllocator allocator = new RootAllocator()) {
            Codec<Frame> codec = FrameCodecs.frames(SCHEMA, allocator);
            try (JournaledSource<Frame> source = open(dir, codec, FailurePolicy.deadLetter())) {
                source.start(); // replays 2 and 3; 2 fails again and is dead-lettered
                assertEquals(0, source.inFlight());
                List<DeadLetter<Frame>> letters = source.deadLetters();
                assertEquals(1, letters.size());
                Frame value = letters.get(0).value();
                assertEquals(List.of(Map.of("n", 2L)), value.toRecords());
                codec.release(value);
            }
            assertEquals(0, allocator.getAllocatedMemory());
        }
    }
}
