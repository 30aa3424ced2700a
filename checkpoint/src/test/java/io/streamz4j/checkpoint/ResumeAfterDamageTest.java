package io.streamz4j.checkpoint;

import io.streamz4j.Stream;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Restarts after the journal and the checkpoint disagree: the newest entry torn (a flipped byte)
 * while the checkpoint covers it, the journal's tail lost (it ends before the checkpointed entry,
 * as after a power cut with nothing forced), and a journal the checkpoint was not taken from. The
 * pipeline is a running sum with a snapshot, and the producer resumes after {@code lastJournaled()}
 * as the README's loop does, so an input replayed on top of the restored sum, or one the producer
 * skips, shows in the sum.
 */
class ResumeAfterDamageTest {

    /** A journaled running sum of longs, snapshotted; what it emitted is in {@link #sums}. */
    private static final class SumRun implements AutoCloseable {
        final JournaledSource<Long> source;
        final List<Long> sums;

        SumRun(JournaledSource.Builder<Long> builder) {
            source = builder.checkpointInterval(Duration.ZERO).build();
            Stream<Long> sum = source.accumulate((Long acc, Long x) -> acc + x, 0L);
            source.snapshot("sum", AccumulateSnapshot.of(sum, Codecs.LONG));
            sums = sum.sinkToList();
            try {
                source.start();
            } catch (RuntimeException e) {
                source.close(); // a refused start leaves the directory to the next try
                throw e;
            }
        }

        SumRun(Path dir) {
            this(JournaledSource.builder(dir, Codecs.LONG));
        }

        /** Emits from after the newest journaled element through {@code last}, as a resuming producer does. */
        void resumeThrough(long last) {
            Long newest = source.lastJournaled();
            for (long x = newest == null ? 1 : newest + 1; x <= last; x++) {
                source.emit(x);
            }
        }

        long sum() {
            return sums.get(sums.size() - 1);
        }

        @Override
        public void close() {
            source.close();
        }
    }

    private static long sumThrough(long n) {
        return n * (n + 1) / 2;
    }

    private static long checkpointed(Path dir) {
        return new CheckpointFile(dir).read().completedThrough();
    }

    /** Journals 1..n into a fresh sum and closes (the close stores a checkpoint covering n). */
    private static void journalThrough(Path dir, long n) {
        try (SumRun run = new SumRun(dir)) {
            run.resumeThrough(n);
            assertEquals(sumThrough(n), run.sum());
        }
    }

    /** Runs {@code body} with slf4j-simple's stderr captured; returns what it logged. */
    private static String logged(Runnable body) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream err = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            body.run();
        } finally {
            System.setErr(err);
        }
        return log.toString(StandardCharsets.UTF_8);
    }

    /**
     * The case: 1..10 into a snapshotted sum, close, one byte of entry 10's hash flipped.
     * The restart restores 55, replays nothing, resumes the producer at 11 from the checkpoint's
     * copy of 10, and stays exact across a further restart.
     */
    @Test
    void aTornNewestEntryTheCheckpointCoversResumesTheProducerAfterIt(@TempDir Path dir) throws IOException {
        tornNewestEntry(dir, 10, 2);
    }

    /** The same with a byte of the codec's bytes flipped instead of the hash's, and with one entry only. */
    @Test
    void aTornNewestEntryResumesWhicheverPartIsTorn(@TempDir Path tmp) throws IOException {
        tornNewestEntry(tmp.resolve("payload"), 10, 7);
        tornNewestEntry(tmp.resolve("only"), 1, 1);
        tornNewestEntry(tmp.resolve("many"), 1000, 3);
    }

    private static void tornNewestEntry(Path dir, long n, int fromEnd) throws IOException {
        journalThrough(dir, n);
        JournalSurgery.flipByte(dir, checkpointed(dir), fromEnd);
        String log = logged(() -> {
            try (SumRun run = new SumRun(dir)) {
                assertEquals(List.of(), run.sums, "nothing is replayed: the checkpoint covers every entry");
                assertEquals(n, run.source.lastJournaled(), "decoded from the checkpoint's copy");
                run.resumeThrough(n + 5);
                assertEquals(sumThrough(n + 5), run.sum(), "no input counted twice or skipped");
            }
        });
        assertTrue(log.contains("is damaged; the checkpoint covers it"), log);
        try (SumRun run = new SumRun(dir)) {
            assertEquals(n + 5, run.source.lastJournaled());
            run.resumeThrough(n + 6);
            assertEquals(sumThrough(n + 6), run.sum());
        }
    }

    /**
     * The journal lost its tail: a copy of it made after 1..5, with the checkpoint stored after
     * 1..10 laid over it (a power cut that kept the forced checkpoint and not the journal). Nothing
     * is replayed, the producer resumes at 11, new elements get indexes above the checkpoint, and
     * a second restart after more emits is exact.
     */
    @Test
    void aJournalThatLostItsTailReplaysNothingAndJournalsAfterTheCheckpoint(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("journal");
        Path cut = tmp.resolve("cut");
        lostTail(dir, cut, () -> JournaledSource.builder(cut, Codecs.LONG).journalSync(JournalSync.NONE),
                "5 entries that never reached the disk");
    }

    /** The same with every cycle file lost: the journal holds nothing at all. */
    @Test
    void aJournalThatLostEverythingResumesFromTheCheckpoint(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("journal");
        Path cut = tmp.resolve("cut");
        journalThrough(dir, 10);
        JournalSurgery.copy(dir, cut);
        JournalSurgery.deleteCycles(cut);
        String log = logged(() -> {
            try (SumRun run = new SumRun(cut)) {
                assertEquals(List.of(), run.sums);
                assertEquals(10L, run.source.lastJournaled());
                run.resumeThrough(13);
                assertEquals(sumThrough(13), run.sum());
            }
        });
        assertTrue(log.contains("it holds no entry") && log.contains("lost its tail"), log);
        try (SumRun run = new SumRun(cut)) {
            assertEquals(List.of(), run.sums);
            assertEquals(13L, run.source.lastJournaled());
            run.resumeThrough(14);
            assertEquals(sumThrough(14), run.sum());
        }
    }

    /**
     * The journal's cycle file cut before the checkpointed entry (at an entry's header, or inside
     * an entry), its header still naming the entries cut off: the file is rebuilt from what can be
     * read, nothing is replayed, the producer resumes after the checkpoint's copy, and later
     * restarts read everything journaled since.
     */
    @Test
    void aCycleFileCutBeforeTheCheckpointedEntryIsRebuiltAndResumesExactly(@TempDir Path tmp) throws IOException {
        for (int bytesInto : new int[] {0, 6}) {
            Path dir = tmp.resolve("cut" + bytesInto);
            journalThrough(dir, 10);
            long checkpoint = checkpointed(dir);
            JournalSurgery.cutAt(dir, checkpoint - 4, bytesInto); // entry 6 of 10
            String log = logged(() -> {
                try (SumRun run = new SumRun(dir)) {
                    assertEquals(List.of(), run.sums, "nothing is replayed on top of the restored sum");
                    assertEquals(10L, run.source.lastJournaled(), "from the checkpoint's copy");
                    run.resumeThrough(13);
                    assertEquals(sumThrough(13), run.sum());
                }
            });
            assertTrue(log.contains("lost its tail") && log.contains("rebuilt"), log);
            assertFalse(java.nio.file.Files.exists(dir.resolve(CutCycle.WORK_DIR)), "the rebuild's work is gone");
            try (SumRun run = new SumRun(dir)) {
                assertEquals(List.of(), run.sums);
                assertEquals(13L, run.source.lastJournaled());
                run.resumeThrough(20);
                assertEquals(sumThrough(20), run.sum());
            }
        }
    }

    /**
     * The tail cut after the checkpoint (what a power cut takes under the default sync, which
     * forces only what a checkpoint covers), at an entry's header or inside an entry, with entries
     * in flight: Chronicle's header still names the entries cut off, which made its writer fail an
     * assertion (or, without assertions, append where no reader looks). The restart replays what
     * survived, the producer resumes after it, and a further restart reads everything.
     */
    @Test
    void aTailCutAfterTheCheckpointReplaysWhatSurvivedAndAppendsAfterIt(@TempDir Path tmp) throws IOException {
        for (int bytesInto : new int[] {0, 2, 6, 12}) {
            for (long cutAt : new long[] {12, 25, 29}) {
                Path dir = tmp.resolve("cut" + bytesInto + "-" + cutAt);
                Path early = tmp.resolve("early" + bytesInto + "-" + cutAt);
                long first;
                try (SumRun run = new SumRun(dir)) {
                    run.resumeThrough(9);
                    run.source.checkpoint(); // asks for a cut, which the next emit takes
                    run.resumeThrough(10);
                    run.source.checkpoint();
                    JournalSurgery.copy(dir, early); // the checkpoint at 10, as a crash right after it leaves it
                    first = checkpointed(dir) - 9;
                    run.resumeThrough(30);
                }
                JournalSurgery.takeCheckpoints(early, dir);
                JournalSurgery.cutAt(dir, first + cutAt - 1, bytesInto);
                try (SumRun run = new SumRun(dir)) {
                    long survived = run.source.lastJournaled();
                    assertTrue(survived >= cutAt - 1 && survived <= cutAt, "the newest entry left: " + survived);
                    assertEquals(sumThrough(survived), run.sum(), "10 restored, the survivors replayed once");
                    run.resumeThrough(40);
                    assertEquals(sumThrough(40), run.sum());
                }
                try (SumRun run = new SumRun(dir)) {
                    assertEquals(40L, run.source.lastJournaled());
                    run.resumeThrough(45);
                    assertEquals(sumThrough(45), run.sum());
                }
            }
        }
    }

    /**
     * A checkpoint stored at a damaged entry the replay dead-lettered (the newest, torn after a
     * crash) holds the newest intact element before it as the producer's position, not the older
     * stored one: a restart that replays nothing then resumes the producer right after it, which
     * re-sends the dead-lettered input once and nothing already in the restored sum.
     */
    @Test
    void aCheckpointAtADeadLetteredEntryResumesAfterTheNewestIntactOne(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("journal");
        Path killed = tmp.resolve("killed");
        journalThrough(dir, 3); // stored at 3
        long first = checkpointed(dir) - 2;
        try (SumRun run = new SumRun(dir)) {
            run.resumeThrough(6);
            JournalSurgery.copy(dir, killed); // killed with 4..6 after the checkpoint
        }
        JournalSurgery.flipByte(killed, first + 5, 1); // 6 torn
        try (SumRun run = new SumRun(killed)) {
            assertEquals(sumThrough(5), run.sum(), "4 and 5 replayed, 6 dead-lettered");
        } // the close stores a checkpoint at 6's index
        try (SumRun run = new SumRun(killed)) {
            assertEquals(List.of(), run.sums, "nothing replayed");
            assertEquals(5L, run.source.lastJournaled(), "the newest intact element at or below the checkpoint");
            run.resumeThrough(8);
            assertEquals(sumThrough(8), run.sum());
        }
    }

    private static void lostTail(Path dir, Path cut, Supplier<JournaledSource.Builder<Long>> cutSource,
            String expectedLog) throws IOException {
        journalThrough(dir, 5);
        JournalSurgery.copy(dir, cut);
        try (SumRun run = new SumRun(dir)) {
            run.resumeThrough(10);
        }
        long tenAt = checkpointed(dir);
        JournalSurgery.takeCheckpoints(dir, cut);
        List<Long> replayedSums = new ArrayList<>();
        String log = logged(() -> {
            try (SumRun run = new SumRun(cutSource.get())) {
                replayedSums.addAll(run.sums);
                assertEquals(10L, run.source.lastJournaled(), "from the checkpoint's copy");
                run.resumeThrough(13);
                assertEquals(sumThrough(13), run.sum(), "no input counted twice or skipped");
            }
        });
        assertEquals(List.of(), replayedSums, "nothing is replayed on top of the restored sum");
        assertTrue(log.contains("lost its tail") && log.contains(expectedLog), log);
        assertFalse(log.contains("index index"), log);
        assertTrue(checkpointed(cut) > tenAt, "11..13 were journaled above the checkpoint of 10");
        try (SumRun run = new SumRun(cutSource.get())) {
            assertEquals(List.of(), run.sums, "the checkpoint covers 13");
            assertEquals(13L, run.source.lastJournaled());
            run.resumeThrough(20);
            assertEquals(sumThrough(20), run.sum());
        }
        try (SumRun run = new SumRun(cutSource.get())) {
            assertEquals(20L, run.source.lastJournaled());
            assertEquals(List.of(), run.sums);
        }
    }

    /**
     * A lost tail across cycles: the journal rolls every second, the copy holds only the first
     * second's cycle, and the checkpoint is in a later one. A writer whose clock is past the
     * checkpoint's cycle journals on (its new cycle's indexes are all above it); one whose clock
     * is behind it is refused, naming the checkpoint file and index, since it would append below.
     */
    @Test
    void aLostTailAcrossCyclesResumesOnALaterClockAndRefusesAnEarlierOne(@TempDir Path tmp) throws IOException {
        long start = TimeUnit.SECONDS.toNanos(1_700_000_000L);
        SetTimeProvider clock = new SetTimeProvider(start);
        Path dir = tmp.resolve("journal");
        Path cut = tmp.resolve("cut");
        Supplier<JournaledSource.Builder<Long>> builder = () -> JournaledSource.builder(dir, Codecs.LONG)
                .rollCycle(TestRollCycles.TEST_SECONDLY).timeProvider(clock);
        try (SumRun run = new SumRun(builder.get())) {
            run.resumeThrough(5);
        }
        JournalSurgery.copy(dir, cut);
        clock.advanceMillis(2000);
        try (SumRun run = new SumRun(builder.get())) {
            run.resumeThrough(10);
        }
        JournalSurgery.takeCheckpoints(dir, cut);
        SetTimeProvider behind = new SetTimeProvider(start);
        JournalException refused = assertThrows(JournalException.class, () -> new SumRun(JournaledSource
                .builder(cut, Codecs.LONG).rollCycle(TestRollCycles.TEST_SECONDLY).timeProvider(behind)));
        String message = refused.getMessage();
        assertTrue(message.contains(cut.resolve(CheckpointFile.NAME).toString())
                && message.contains("index 0x" + Long.toHexString(checkpointed(cut))), message);
        SetTimeProvider later = new SetTimeProvider(start + TimeUnit.SECONDS.toNanos(5));
        Supplier<JournaledSource.Builder<Long>> onLater = () -> JournaledSource.builder(cut, Codecs.LONG)
                .rollCycle(TestRollCycles.TEST_SECONDLY).timeProvider(later);
        try (SumRun run = new SumRun(onLater.get())) {
            assertEquals(List.of(), run.sums);
            assertEquals(10L, run.source.lastJournaled());
            run.resumeThrough(12);
            assertEquals(sumThrough(12), run.sum());
        }
        try (SumRun run = new SumRun(onLater.get())) {
            assertEquals(12L, run.source.lastJournaled());
            run.resumeThrough(13);
            assertEquals(sumThrough(13), run.sum());
        }
    }

    /**
     * A checkpoint laid over a journal it was not taken from, whose entry at the checkpoint's index
     * is intact but different: start() refuses, naming the checkpoint file, the journal and the
     * index, rather than restore a sum that does not belong to the journal.
     */
    @Test
    void aCheckpointOverAnotherJournalIsRefused(@TempDir Path tmp) {
        Path ours = tmp.resolve("ours");
        Path other = tmp.resolve("other");
        journalThrough(ours, 5);
        try (JournaledSource<Long> source = JournaledSource.builder(other, Codecs.LONG)
                .checkpointInterval(Duration.ZERO).build()) {
            source.sink(x -> { });
            source.start();
            for (long x : new long[] {1, 2, 3, 4, 99, 100}) {
                source.emit(x);
            }
        }
        long index = checkpointed(ours);
        try {
            JournalSurgery.takeCheckpoints(ours, other);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        JournaledSource<Long> source = JournaledSource.builder(other, Codecs.LONG)
                .checkpointInterval(Duration.ZERO).build();
        try {
            List<Long> seen = source.sinkToList();
            JournalException e = assertThrows(JournalException.class, source::start);
            String message = e.getMessage();
            assertTrue(message.contains(other.resolve(CheckpointFile.NAME).toString()), message);
            assertTrue(message.contains("index 0x" + Long.toHexString(index)), message);
            assertTrue(message.contains("cannot both be right"), message);
            assertEquals(List.of(), seen, "nothing is replayed");
        } finally {
            source.close();
        }
    }

    /** A checkpoint of format version 1 (no position) still reads, with its index and snapshots. */
    @Test
    void aVersionOneCheckpointStillReads(@TempDir Path dir) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.writeInt(0x535a3443);
            out.writeInt(1);
            out.writeLong(42);
            out.writeInt(1);
            byte[] name = "sum".getBytes(StandardCharsets.UTF_8);
            out.writeInt(name.length);
            out.write(name);
            out.writeInt(2);
            out.write(new byte[] {7, 8});
            out.flush();
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            crc.update(bytes.toByteArray());
            out.writeInt((int) crc.getValue());
        }
        java.nio.file.Files.write(dir.resolve(CheckpointFile.NAME), bytes.toByteArray());
        Checkpoint read = new CheckpointFile(dir).read();
        assertEquals(42, read.completedThrough());
        assertNull(read.position());
        assertEquals(List.of((byte) 7, (byte) 8), List.of(read.snapshots().get("sum")[0], read.snapshots().get("sum")[1]));
    }
}
