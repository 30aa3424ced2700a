package io.streamz4j.bench.checkpoint;

import io.streamz4j.checkpoint.Codecs;
import io.streamz4j.checkpoint.JournaledSource;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Quick checks that {@link JournalBenchmark}'s sides do the work they are named for: the journaled
 * side writes every payload to disk and completes it (the checkpoint reaches it), and the floor
 * appends the same 100 bytes as readable entries. No timing here.
 */
class JournalSidesTest {
    private static final int ELEMENTS = 5_000;

    @Test
    void theJournaledSideJournalsDeliversAndCompletesEveryElement(@TempDir Path dir) {
        byte[] payload = JournalBenchmark.payload();
        assertEquals(JournalBenchmark.PAYLOAD_BYTES, payload.length);
        List<byte[]> sunk = new ArrayList<>();
        long checkpoint;
        try (JournaledSource<byte[]> source = JournalBenchmark.Journaled.open(dir,
                Duration.ofMillis(Long.parseLong(JournalBenchmark.CHECKPOINT_INTERVAL_MS)), sunk::add)) {
            for (int i = 0; i < ELEMENTS; i++) {
                source.emit(payload);
            }
            assertEquals(0, source.inFlight(), "the sink completes every element");
            checkpoint = source.checkpoint();
            assertTrue(checkpoint >= ELEMENTS - 1, "the checkpoint reaches the last element: " + checkpoint);
        }
        assertEquals(ELEMENTS, sunk.size());
        sunk.forEach(bytes -> assertArrayEquals(payload, bytes));
        try (JournaledSource<byte[]> again = JournaledSource.builder(dir, Codecs.BYTES)
                .checkpointInterval(Duration.ZERO).build()) {
            List<byte[]> replayed = again.sinkToList();
            again.start();
            assertEquals(List.of(), replayed, "every element was done before the close");
            assertArrayEquals(payload, again.lastJournaled(), "and is on disk");
        }
    }

    @Test
    void theFloorAppendsTheSameHundredBytesAsEntries() throws IOException {
        JournalBenchmark.Chronicle floor = new JournalBenchmark.Chronicle();
        floor.setUp();
        try {
            for (int i = 0; i < ELEMENTS; i++) {
                floor.append(floor.payload);
            }
            int read = 0;
            try (ExcerptTailer tailer = floor.queue.createTailer()) {
                while (true) {
                    try (DocumentContext dc = tailer.readingDocument()) {
                        if (!dc.isPresent()) {
                            break;
                        }
                        byte[] entry = new byte[(int) dc.wire().bytes().readRemaining()];
                        dc.wire().bytes().read(entry);
                        assertArrayEquals(floor.payload, entry);
                        read++;
                    }
                }
            }
            assertEquals(ELEMENTS, read);
        } finally {
            Path dir = floor.dir;
            floor.tearDown();
            assertFalse(dir.toFile().exists(), "tear-down deletes the journal");
        }
    }
}
