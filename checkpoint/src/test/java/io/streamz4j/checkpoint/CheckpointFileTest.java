package io.streamz4j.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The checkpoint file on a real directory: the previous checkpoint kept beside the current one, a
 * truncated or garbage checkpoint detected with a clear log line, and a restart of a journaled
 * source on a real Chronicle queue falling back to the previous checkpoint, or to the journal's
 * start, without crashing and without losing an element.
 */
class CheckpointFileTest {

    /** The value of {@code run} and what it logged (slf4j-simple writes to standard error). */
    private record Logged<T>(T value, String log) {
        static <T> Logged<T> during(Supplier<T> run) {
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            PrintStream err = System.err;
            System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
            try {
                T value = run.get();
                return new Logged<>(value, log.toString(StandardCharsets.UTF_8));
            } finally {
                System.setErr(err);
            }
        }
    }

    private static Checkpoint at(long index) {
        return new Checkpoint(index, Map.of("node", new byte[] {(byte) index}));
    }

    @Test
    void aWriteKeepsTheCheckpointItReplacesAsThePrevious(@TempDir Path dir) {
        CheckpointFile file = new CheckpointFile(dir);
        file.write(at(3));
        assertFalse(Files.exists(dir.resolve(CheckpointFile.PREVIOUS)), "nothing was replaced yet");
        file.write(at(7));
        Checkpoint read = new CheckpointFile(dir).read();
        assertEquals(7, read.completedThrough());
        assertArrayEquals(new byte[] {7}, read.snapshots().get("node"));
        assertFalse(Files.exists(dir.resolve(CheckpointFile.NAME + ".tmp")), "the temporary file was renamed");
        CheckpointFile reader = new CheckpointFile(dir);
        reader.read();
        assertEquals(3, reader.retainedThrough(), "the journal keeps what follows the older checkpoint");
    }

    @Test
    void aTruncatedCheckpointIsLoggedAndThePreviousOneUsed(@TempDir Path dir) throws IOException {
        CheckpointFile file = new CheckpointFile(dir);
        file.write(at(3));
        file.write(at(7));
        Path current = dir.resolve(CheckpointFile.NAME);
        byte[] whole = Files.readAllBytes(current);
        Files.write(current, Arrays.copyOf(whole, whole.length / 2));
        Logged<Checkpoint> read = Logged.during(() -> new CheckpointFile(dir).read());
        assertEquals(3, read.value().completedThrough());
        assertTrue(read.log().contains(CheckpointFile.NAME + " is damaged") && read.log().contains("CRC mismatch")
                && read.log().contains("using the previous checkpoint"), read.log());
    }

    @Test
    void garbageInBothFilesIsLoggedAndTheWholeJournalReplayed(@TempDir Path dir) throws IOException {
        Files.write(dir.resolve(CheckpointFile.NAME), "not a checkpoint".getBytes(StandardCharsets.UTF_8));
        Files.write(dir.resolve(CheckpointFile.PREVIOUS), new byte[] {1, 2});
        Logged<Checkpoint> read = Logged.during(() -> new CheckpointFile(dir).read());
        assertEquals(-1, read.value().completedThrough());
        assertTrue(read.log().contains("neither it nor") && read.log().contains("replaying the whole journal"),
                read.log());
    }

    /** A crash between the two renames leaves only the previous file: it is used. */
    @Test
    void onlyThePreviousCheckpointLeftIsUsed(@TempDir Path dir) throws IOException {
        CheckpointFile file = new CheckpointFile(dir);
        file.write(at(3));
        file.write(at(7));
        Files.delete(dir.resolve(CheckpointFile.NAME));
        assertEquals(3, new CheckpointFile(dir).read().completedThrough());
    }

    /** A damaged current file is not kept as the previous: the good previous one stays until replaced. */
    @Test
    void aDamagedCurrentFileIsNotRotatedOverTheGoodPrevious(@TempDir Path dir) throws IOException {
        CheckpointFile file = new CheckpointFile(dir);
        file.write(at(3));
        file.write(at(7));
        Files.write(dir.resolve(CheckpointFile.NAME), new byte[] {9});
        CheckpointFile restarted = new CheckpointFile(dir);
        Logged.during(restarted::read);
        restarted.write(at(8));
        Files.write(dir.resolve(CheckpointFile.NAME), new byte[] {9});
        assertEquals(3, Logged.during(() -> new CheckpointFile(dir).read()).value().completedThrough());
    }

    /**
     * A journaled source on a real queue, checkpointed after each of 1..10: with the current
     * checkpoint truncated it restarts from the previous one (replaying 10 only); with garbage in
     * both it replays everything. Neither crashes the restart.
     */
    @Test
    void aRestartFallsBackInsteadOfCrashing(@TempDir Path tmp) throws IOException {
        assertEquals(List.of(10L), replayedAfterDamage(tmp.resolve("truncated"), false));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), replayedAfterDamage(tmp.resolve("garbage"), true));
    }

    private static List<Long> replayedAfterDamage(Path dir, boolean bothFiles) throws IOException {
        try (JournaledSource<Long> source = JournaledSource.builder(dir, Codecs.LONG)
                .checkpointInterval(Duration.ZERO).build()) {
            source.start();
            for (long x = 1; x <= 10; x++) {
                source.emit(x);
                source.checkpoint();
            }
        }
        Path current = dir.resolve(CheckpointFile.NAME);
        Files.write(current, Arrays.copyOf(Files.readAllBytes(current), 10));
        if (bothFiles) {
            Files.write(dir.resolve(CheckpointFile.PREVIOUS), "garbage".getBytes(StandardCharsets.UTF_8));
        }
        return Logged.during(() -> {
            try (JournaledSource<Long> source = JournaledSource.builder(dir, Codecs.LONG)
                    .checkpointInterval(Duration.ZERO).build()) {
                List<Long> replayed = source.sinkToList();
                source.start();
                return List.copyOf(replayed);
            }
        }).value();
    }
}
