package io.streamz4j.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A process killed while Chronicle created a queue's metadata file leaves it half-written, and
 * Chronicle then cannot open the queue (it waits ten seconds and fails with "Unable to claim
 * exclusive lock", or opens it read-only): the crash test met it in the dead-letter journal, which
 * is created at the first letter. The journal and the dead-letter journal now open anyway, and the
 * restart replays what follows the checkpoint.
 */
class HalfWrittenMetadataTest {

    @Test
    void aHalfWrittenMetadataFileIsReplacedAndTheJournalReplays(@TempDir Path tmp) throws IOException {
        for (int length : new int[] {4, 8, 64, 100}) {
            Path dir = tmp.resolve("cut" + length);
            try (JournaledSource<Long> source = JournaledSource.builder(dir, Codecs.LONG)
                    .checkpointInterval(Duration.ZERO).build()) {
                source.map(x -> {
                    if (x == 2) {
                        throw new IllegalArgumentException("poison");
                    }
                    return x;
                }).sink(x -> { });
                source.start();
                for (long x = 1; x <= 3; x++) {
                    source.emit(x); // 2 creates the dead-letter journal
                }
            }
            cut(dir.resolve(Journal.METADATA), length);
            cut(dir.resolve("dead-letters").resolve(Journal.METADATA), length);
            List<Long> seen = new ArrayList<>();
            try (JournaledSource<Long> source = JournaledSource.builder(dir, Codecs.LONG)
                    .checkpointInterval(Duration.ZERO).build()) {
                source.sink(seen::add);
                source.start();
                assertEquals(3L, source.lastJournaled());
                assertEquals(1, source.deadLetters().size(), "the dead letter is read back");
                source.emit(4L);
            }
            assertEquals(List.of(4L), seen, "nothing replayed after the clean close; the new element delivered");
        }
    }

    private static void cut(Path file, int length) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(length);
        }
    }
}
