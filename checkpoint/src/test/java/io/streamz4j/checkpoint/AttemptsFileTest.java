package io.streamz4j.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The count of failed deliveries kept beside the checkpoint: per index, across instances, and safe when damaged. */
class AttemptsFileTest {

    @Test
    void aCountIsReadBackByTheNextRunForItsIndexOnly(@TempDir Path dir) {
        new AttemptsFile(dir).record(0x42, 2);
        AttemptsFile restarted = new AttemptsFile(dir);
        assertEquals(2, restarted.failedBefore(0x42));
        assertEquals(0, restarted.failedBefore(0x43), "another element starts from zero");
        restarted.clear();
        assertFalse(Files.exists(dir.resolve(AttemptsFile.NAME)));
        assertEquals(0, new AttemptsFile(dir).failedBefore(0x42));
    }

    /** A torn or flipped file reads as no count: more attempts, never an element dead-lettered too early. */
    @Test
    void aDamagedFileCountsFromZero(@TempDir Path dir) throws IOException {
        new AttemptsFile(dir).record(7, 3);
        Path file = dir.resolve(AttemptsFile.NAME);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(13);
            raf.write(raf.read() ^ 1);
        }
        assertEquals(0, new AttemptsFile(dir).failedBefore(7));
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(10);
        }
        assertEquals(0, new AttemptsFile(dir).failedBefore(7));
    }
}
