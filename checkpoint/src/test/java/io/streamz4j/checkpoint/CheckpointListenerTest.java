package io.streamz4j.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The two phases around each stored checkpoint, as a two-phase-commit sink needs them: the first
 * before the checkpoint reaches the disk (and able to keep it from being stored), the second
 * after; neither for a checkpoint that did not move.
 */
class CheckpointListenerTest {

    private static JournaledSource<Long> open(Path dir) {
        return JournaledSource.builder(dir, Codecs.LONG).checkpointInterval(Duration.ZERO).build();
    }

    /** Records each call with what the checkpoint file held at that moment. */
    private static final class Recorder implements CheckpointListener {
        final Path dir;
        final List<String> calls = new ArrayList<>();
        IOException failNext;
        IOException failRestore;

        Recorder(Path dir) {
            this.dir = dir;
        }

        @Override
        public void beforeCheckpointStored(long journalIndex) throws IOException {
            calls.add("before " + journalIndex + " stored " + new CheckpointFile(dir).read().completedThrough());
            if (failNext != null) {
                IOException failure = failNext;
                failNext = null;
                throw failure;
            }
        }

        @Override
        public void restored(long journalIndex) throws IOException {
            calls.add("restored " + journalIndex);
            if (failRestore != null) {
                throw failRestore;
            }
        }

        @Override
        public void checkpointStored(long journalIndex) {
            calls.add("after " + journalIndex + " stored " + new CheckpointFile(dir).read().completedThrough());
        }
    }

    @Test
    void beforeComesBeforeTheCheckpointIsOnDiskAndAfterOnceItIs(@TempDir Path dir) {
        Recorder recorder = new Recorder(dir);
        try (JournaledSource<Long> source = open(dir)) {
            source.onCheckpoint(recorder);
            source.start();
            source.emit(1L);
            long first = source.checkpoint();
            source.checkpoint(); // nothing new: no calls
            source.emit(2L);
            long second = source.checkpoint();
            assertEquals(List.of("restored -1", "before " + first + " stored -1", "after " + first + " stored " + first,
                    "before " + second + " stored " + first, "after " + second + " stored " + second), recorder.calls);
        }
    }

    /**
     * At start a listener hears which checkpoint the source restarts from, before anything
     * replays; one that fails there fails the start, and the source can start again.
     */
    @Test
    void restoredComesAtStartBeforeTheReplay(@TempDir Path dir) {
        long stored;
        try (JournaledSource<Long> source = open(dir)) {
            source.partition(2).sink(x -> { });
            source.start();
            source.emit(1L);
            source.emit(2L);
            source.emit(3L); // held: replays
            stored = source.checkpoint();
        }
        Recorder recorder = new Recorder(dir);
        recorder.failRestore = new IOException("cannot read my file");
        try (JournaledSource<Long> source = open(dir)) {
            List<String> order = new ArrayList<>();
            source.onCheckpoint(recorder);
            source.sink(x -> order.add("replayed " + x + " after " + recorder.calls));
            JournalException failed = assertThrows(JournalException.class, source::start);
            assertTrue(failed.getMessage().contains("cannot read my file"), failed.getMessage());
            assertEquals(List.of(), order, "nothing replayed");
            recorder.failRestore = null;
            source.start();
            assertEquals(List.of("replayed 3 after [restored " + stored + ", restored " + stored + "]"), order);
        }
    }

    /**
     * A listener that cannot make its output durable keeps the checkpoint from being stored: the
     * caller hears why, the file keeps the older checkpoint, a restart replays what it covers, and
     * the next attempt stores it.
     */
    @Test
    void aFailingBeforeKeepsTheCheckpointFromBeingStoredUntilTheNextAttempt(@TempDir Path dir) {
        Recorder recorder = new Recorder(dir);
        Recorder later = new Recorder(dir);
        try (JournaledSource<Long> source = open(dir)) {
            source.onCheckpoint(recorder).onCheckpoint(later);
            source.start();
            source.emit(1L);
            long first = source.checkpoint();
            source.emit(2L);
            recorder.failNext = new IOException("disk gone");
            JournalException refused = assertThrows(JournalException.class, source::checkpoint);
            assertTrue(refused.getMessage().contains("disk gone") && refused.getMessage().contains("index 0x"),
                    refused.getMessage());
            assertEquals(first, new CheckpointFile(dir).read().completedThrough(), "not stored");
            assertEquals(1, later.calls.stream().filter(c -> c.startsWith("before")).count(),
                    "the listener after the failing one is not asked: " + later.calls);
            assertEquals(1, source.metrics().stalledCheckpoints());
            long second = source.checkpoint();
            assertTrue(second > first);
            assertEquals(second, new CheckpointFile(dir).read().completedThrough());
            assertEquals(0, source.metrics().stalledCheckpoints());
            assertEquals("after " + second + " stored " + second, recorder.calls.get(recorder.calls.size() - 1));
        }
    }

    /** The checkpoint thread logs a refusal and stores at a later interval. */
    @Test
    void theCheckpointThreadRetriesARefusedCheckpoint(@TempDir Path dir) {
        Recorder recorder = new Recorder(dir);
        recorder.failNext = new IOException("not yet");
        try (JournaledSource<Long> source = JournaledSource.builder(dir, Codecs.LONG)
                .checkpointInterval(Duration.ofMillis(1)).build()) {
            source.onCheckpoint(recorder);
            source.start();
            source.emit(7L);
            DrainWait.until(() -> source.metrics().checkpointIndex() >= 0);
            assertTrue(source.metrics().checkpointIndex() >= 0, "stored after the refusal");
        }
        // close() waited for the checkpoint thread to end, so its calls are visible here
        assertTrue(recorder.calls.get(1).startsWith("before") && recorder.calls.get(2).startsWith("before"),
                "refused once, then asked again: " + recorder.calls);
    }

    /** The last checkpoint of a close is committed too. */
    @Test
    void closeCallsBothPhasesForItsLastCheckpoint(@TempDir Path dir) {
        Recorder recorder = new Recorder(dir);
        try (JournaledSource<Long> source = open(dir)) {
            source.onCheckpoint(recorder);
            source.start();
            source.emit(1L);
        }
        long stored = new CheckpointFile(dir).read().completedThrough();
        assertTrue(stored >= 0);
        assertEquals(List.of("restored -1", "before " + stored + " stored -1", "after " + stored + " stored " + stored),
                recorder.calls);
    }

    @Test
    void listenersAreRegisteredBeforeStartAndNotNull(@TempDir Path dir) {
        try (JournaledSource<Long> source = open(dir)) {
            IllegalArgumentException nul = assertThrows(IllegalArgumentException.class, () -> source.onCheckpoint(null));
            assertTrue(nul.getMessage().contains("'listener'"), nul.getMessage());
            source.start();
            IllegalStateException late = assertThrows(IllegalStateException.class,
                    () -> source.onCheckpoint(new CheckpointListener() { }));
            assertTrue(late.getMessage().contains("before start()"), late.getMessage());
        }
    }
}
