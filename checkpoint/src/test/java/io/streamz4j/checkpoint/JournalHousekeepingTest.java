package io.streamz4j.checkpoint;

import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a journal cleans up: half-created cycle files, and old cycles past a size bound. */
class JournalHousekeepingTest {

    private static List<Path> cycleFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".cq4")).sorted().toList();
        }
    }

    /**
     * A cycle file a crash left with its header never completed is deleted at open, as is one an
     * earlier version moved aside as {@code *.cq4.unfinished-<nanos>}; the journal's entries stay.
     */
    @Test
    void halfCreatedCycleFilesAndTheOnesMovedAsideAreDeleted(@TempDir Path dir) throws IOException {
        try (JournaledSource<Long> source = JournaledSource.builder(dir, Codecs.LONG)
                .checkpointInterval(Duration.ZERO).build()) {
            source.partition(10).sink(x -> { }); // keeps both in flight, so they replay
            source.start();
            source.emit(1L);
            source.emit(2L);
        }
        Path halfCreated = dir.resolve("20200101F.cq4");
        Files.write(halfCreated, new byte[4096]); // a header word of zero: never completed
        Path movedAside = dir.resolve("20200102F.cq4.unfinished-123456789");
        Files.write(movedAside, new byte[4096]);
        try (JournaledSource<Long> source = JournaledSource.builder(dir, Codecs.LONG)
                .checkpointInterval(Duration.ZERO).build()) {
            List<Long> seen = source.sinkToList();
            source.start();
            assertEquals(List.of(1L, 2L), seen);
        }
        assertFalse(Files.exists(halfCreated), "the half-created cycle file is deleted");
        assertFalse(Files.exists(movedAside), "the file an earlier run moved aside is deleted");
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().contains(".unfinished-")),
                    "nothing is moved aside any more");
        }
    }

    /**
     * A cycle file whose header word reads as unfinished but which holds entries past it is
     * damage, not a half-created file: it is moved aside and kept, never deleted.
     */
    @Test
    void aCycleFileWithADamagedHeaderButEntriesIsKeptAside(@TempDir Path dir) throws IOException {
        try (JournaledSource<Long> source = JournaledSource.builder(dir, Codecs.LONG)
                .checkpointInterval(Duration.ZERO).build()) {
            source.sink(x -> { });
            source.start();
            source.emit(1L);
        }
        Path file = cycleFiles(dir).get(0);
        byte[] content = Files.readAllBytes(file);
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(3);
            raf.write(content[3] | 0x80); // sets the header's "not complete" bit (little-endian word)
        }
        try (JournaledSource<Long> source = JournaledSource.builder(dir, Codecs.LONG)
                .checkpointInterval(Duration.ZERO).build()) {
            source.sink(x -> { });
            source.start();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> aside = files.filter(f -> f.getFileName().toString().startsWith(file.getFileName() + ".damaged-"))
                    .toList();
            assertEquals(1, aside.size(), "kept aside");
            assertEquals(content.length, Files.size(aside.get(0)));
        }
    }

    /**
     * A size bound deletes the oldest cycles below the checkpoint while the journal is bigger than
     * it, even when the cycle count alone would keep them all.
     */
    @Test
    void aSizeBoundDeletesTheOldestCyclesBelowTheCheckpoint(@TempDir Path tmp) throws IOException {
        Path all = tmp.resolve("all");
        assertEquals(5, JournalFaultsTest.cycleFilesAfterFiveSeconds(all, Retention.keepAll(), source -> source.sink(x -> { })));
        long fileSize = Files.size(cycleFiles(all).get(0));
        Path bounded = tmp.resolve("bounded");
        assertEquals(2, JournalFaultsTest.cycleFilesAfterFiveSeconds(bounded,
                Retention.keepAll().withMaxBytes(2 * fileSize + 1), source -> source.sink(x -> { })),
                "two files fit under the bound");
        List<Path> kept = cycleFiles(bounded);
        assertEquals(cycleFiles(all).subList(3, 5).stream().map(Path::getFileName).toList(),
                kept.stream().map(Path::getFileName).toList(), "the newest two are kept");
        assertEquals(3, JournalFaultsTest.cycleFilesAfterFiveSeconds(tmp.resolve("both"),
                Retention.deleteBelowCheckpoint(2).withMaxBytes(100 * fileSize), source -> source.sink(x -> { })),
                "under the bound, the cycle count decides");
    }

    /** The bound never deletes what replay needs: a checkpoint held back keeps every cycle above it. */
    @Test
    void aSizeBoundNeverDeletesACycleReplayNeeds(@TempDir Path dir) throws IOException {
        assertEquals(5, JournalFaultsTest.cycleFilesAfterFiveSeconds(dir, Retention.keepAll().withMaxBytes(1),
                source -> source.partition(100).sink(x -> { })), "nothing is checkpointed, so nothing is deleted");
    }

    /**
     * Without a readable checkpoint a restart rebuilds snapshotted state by replaying the whole
     * journal onto the initial state: exact while the journal is whole, a silent loss once
     * retention has deleted cycles. So a trimmed journal with both checkpoint files damaged refuses
     * to start, naming the checkpoint file; a whole one replays everything into the exact sum; a
     * trimmed one without snapshots replays what is left (at-least-once needs no more).
     */
    @Test
    void noReadableCheckpointOverATrimmedJournalRefusesSnapshottedStateNamingTheFile(@TempDir Path tmp)
            throws IOException {
        Path trimmed = tmp.resolve("trimmed");
        assertEquals(1, JournalFaultsTest.cycleFilesAfterFiveSeconds(trimmed, Retention.deleteBelowCheckpoint(0),
                source -> source.sink(x -> { })));
        Path whole = tmp.resolve("whole");
        assertEquals(5, JournalFaultsTest.cycleFilesAfterFiveSeconds(whole, Retention.keepAll(),
                source -> source.sink(x -> { })));
        for (Path dir : List.of(trimmed, whole)) {
            Files.writeString(dir.resolve(CheckpointFile.NAME), "garbage");
            Files.writeString(dir.resolve(CheckpointFile.PREVIOUS), "garbage");
        }

        try (JournaledSource<Long> source = JournaledSource.builder(trimmed, Codecs.LONG)
                .checkpointInterval(Duration.ZERO).rollCycle(TestRollCycles.TEST_SECONDLY).build()) {
            io.streamz4j.Stream<Long> sum = source.accumulate(Long::sum, 0L);
            source.snapshot("sum", AccumulateSnapshot.of(sum, Codecs.LONG));
            JournalException refused = assertThrows(JournalException.class, source::start);
            assertTrue(refused.getMessage().contains(trimmed.resolve(CheckpointFile.NAME).toString()),
                    refused.getMessage());
        }
        try (JournaledSource<Long> source = JournaledSource.builder(whole, Codecs.LONG)
                .checkpointInterval(Duration.ZERO).rollCycle(TestRollCycles.TEST_SECONDLY).build()) {
            io.streamz4j.Stream<Long> sum = source.accumulate(Long::sum, 0L);
            source.snapshot("sum", AccumulateSnapshot.of(sum, Codecs.LONG));
            List<Long> sums = sum.sinkToList();
            source.start();
            assertEquals(List.of(105L), sums.subList(sums.size() - 1, sums.size()), "0 + 1 + ... + 14, once each");
        }
        List<Long> replayed = new ArrayList<>();
        try (JournaledSource<Long> source = JournaledSource.builder(trimmed, Codecs.LONG)
                .checkpointInterval(Duration.ZERO).rollCycle(TestRollCycles.TEST_SECONDLY).build()) {
            source.sink(replayed::add);
            source.start();
        }
        assertEquals(List.of(12L, 13L, 14L), replayed, "the cycle left replays");
    }

    @Test
    void aSizeBoundMustBePositive() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Retention.keepAll().withMaxBytes(0));
        assertTrue(e.getMessage().contains("'maxBytes'"), e.getMessage());
    }
}
