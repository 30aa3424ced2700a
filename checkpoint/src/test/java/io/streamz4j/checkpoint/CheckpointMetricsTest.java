package io.streamz4j.checkpoint;

import io.streamz4j.Stream;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link JournaledSource#metrics()}: what the checkpoint covers and how far behind it is, on a
 * journal rolling every second of a settable clock, so the lag is counted across cycles (whose
 * indexes differ by far more than their entries) and the age read from that clock.
 */
class CheckpointMetricsTest {

    private static JournaledSource<Long> open(Path dir, SetTimeProvider clock) {
        return JournaledSource.builder(dir, Codecs.LONG).checkpointInterval(Duration.ZERO)
                .rollCycle(TestRollCycles.TEST_SECONDLY).timeProvider(clock).build();
    }

    @Test
    void lagIsCountedInEntriesAcrossCyclesAndAgeOnTheSourcesClock(@TempDir Path dir) throws Exception {
        SetTimeProvider clock = new SetTimeProvider(TimeUnit.SECONDS.toNanos(1_700_000_000L));
        try (JournaledSource<Long> source = open(dir, clock)) {
            CheckpointMetrics before = source.metrics();
            assertEquals(new CheckpointMetrics(-1, -1, 0, Duration.ZERO, 0, 0, 0, List.of(), 0, 0, 0), before);
            source.filter(x -> x >= 2).partition(10).sink(x -> { }); // holds 2 and every later element
            source.start();
            source.emit(0L);
            source.emit(1L);
            source.emit(2L);
            clock.advanceMillis(1000); // the next cycle
            source.emit(3L);
            source.emit(4L);
            long checkpoint = source.checkpoint();
            assertEquals(1L, JournalProbe.valueAt(dir, checkpoint, -1), "stored through 1; 2 is held");
            clock.advanceMillis(1500);
            // read on another thread, as a monitoring thread would
            CheckpointMetrics m = CompletableFuture.supplyAsync(source::metrics).get(10, TimeUnit.SECONDS);
            assertEquals(checkpoint, m.checkpointIndex());
            assertEquals(4L, JournalProbe.valueAt(dir, m.lastJournaledIndex(), -1));
            assertEquals(3, m.lag(), "2 in the first cycle, 3 and 4 in the second");
            assertTrue(m.lastJournaledIndex() - m.checkpointIndex() > 3, "the indexes alone would not say so");
            assertEquals(Duration.ofMillis(1500), m.checkpointAge());
            assertEquals(3, m.inFlight());
            assertEquals(0, m.replayedAtStart());
        }
        try (JournaledSource<Long> source = open(dir, clock)) {
            source.start();
            CheckpointMetrics m = source.metrics();
            assertEquals(3, m.replayedAtStart(), "2, 3 and 4 replayed");
            assertEquals(3, m.lag(), "nothing stored yet in this run");
            assertEquals(Duration.ZERO, m.checkpointAge(), "counted from the start");
            clock.advanceMillis(200);
            source.checkpoint();
            assertEquals(0, source.metrics().lag());
            clock.advanceMillis(700);
            source.checkpoint(); // nothing new: the checkpoint is up to date, so it is not ageing
            assertEquals(Duration.ZERO, source.metrics().checkpointAge());
        }
    }

    /** With no checkpoint stored the lag counts from the journal's first entry. */
    @Test
    void lagWithoutACheckpointCountsEveryEntry(@TempDir Path dir) {
        SetTimeProvider clock = new SetTimeProvider(TimeUnit.SECONDS.toNanos(1_700_000_000L));
        try (JournaledSource<Long> source = open(dir, clock)) {
            source.partition(100).sink(x -> { });
            source.start();
            for (long x = 0; x < 7; x++) {
                source.emit(x);
                clock.advanceMillis(400);
            }
            assertEquals(7, source.metrics().lag());
            assertEquals(-1, source.metrics().checkpointIndex());
        }
    }

    /** Checkpoints that snapshots hold back are counted while they last, and the count ends once one is stored. */
    @Test
    void stalledCheckpointsAreCountedInARow(@TempDir Path dir) {
        SetTimeProvider clock = new SetTimeProvider(TimeUnit.SECONDS.toNanos(1_700_000_000L));
        try (JournaledSource<Long> source = open(dir, clock)) {
            Stream<Long> sum = source.accumulate((Long acc, Long x) -> acc + x, 0L);
            source.snapshot("sum", AccumulateSnapshot.of(sum, Codecs.LONG));
            source.filter(x -> x < 10).partition(2).sink(x -> { }); // not snapshotted: odd counts leave one held
            source.start();
            source.emit(0L);
            source.emit(1L);
            source.emit(2L); // held: every later checkpoint stalls
            for (long x = 20; x < 23; x++) {
                source.emit(x);
                source.checkpoint();
            }
            assertEquals(3, source.metrics().stalledCheckpoints());
            source.emit(3L); // lets 2 go: a cut comes at the next emit
            source.emit(30L);
            source.checkpoint();
            assertEquals(0, source.metrics().stalledCheckpoints());
        }
    }

    /**
     * Once a stall has lasted long enough to be warned about, the metrics name the node holding the
     * checkpoint back; the names go once a checkpoint is stored.
     */
    @Test
    void aLongStallNamesTheNodeHoldingTheCheckpoint(@TempDir Path dir) {
        SetTimeProvider clock = new SetTimeProvider(TimeUnit.SECONDS.toNanos(1_700_000_000L));
        try (JournaledSource<Long> source = open(dir, clock)) {
            Stream<Long> sum = source.accumulate((Long acc, Long x) -> acc + x, 0L);
            source.snapshot("sum", AccumulateSnapshot.of(sum, Codecs.LONG));
            source.filter(x -> x < 10).partition(2).sink(x -> { }); // holds 2 until 3 comes
            source.start();
            source.emit(0L);
            source.emit(1L);
            source.emit(2L);
            for (long x = 20; x < 20 + JournaledSource.STALL_WARNING_AFTER; x++) {
                source.emit(x);
                source.checkpoint();
            }
            assertEquals(List.of(), source.metrics().stalledBy(), "named only when the stall is warned about");
            source.emit(40L); // the emitting thread names the holders at its next attempt at a cut
            List<String> stalledBy = source.metrics().stalledBy();
            assertEquals(1, stalledBy.size(), stalledBy.toString());
            assertTrue(stalledBy.get(0).contains("<partition: 2>"), stalledBy.toString());
            source.emit(3L);
            source.emit(41L);
            source.checkpoint();
            assertEquals(List.of(), source.metrics().stalledBy(), "a stored checkpoint ends the stall");
        }
    }

    /** Failures, dead letters and damaged entries are counted in the metrics as the source counts them. */
    @Test
    void failuresAndDeadLettersAreCounted(@TempDir Path dir) {
        SetTimeProvider clock = new SetTimeProvider(TimeUnit.SECONDS.toNanos(1_700_000_000L));
        try (JournaledSource<Long> source = open(dir, clock)) {
            source.map(x -> {
                if (x == 2) {
                    throw new IllegalStateException("poison");
                }
                return x;
            }).sink(x -> { });
            source.start();
            for (long x = 1; x <= 3; x++) {
                source.emit(x);
            }
            CheckpointMetrics m = source.metrics();
            assertEquals(List.of(1L, 1L, 0L), List.of(m.failures(), m.deadLettered(), m.damagedEntries()));
            assertEquals(source.deadLetteredCount(), m.deadLettered());
        }
    }

    /** After close the metrics stay readable, with what the source ended with. */
    @Test
    void metricsAfterCloseAreTheLastOnes(@TempDir Path dir) {
        SetTimeProvider clock = new SetTimeProvider(TimeUnit.SECONDS.toNanos(1_700_000_000L));
        JournaledSource<Long> source = open(dir, clock);
        source.start();
        source.emit(5L);
        source.close();
        CheckpointMetrics m = source.metrics();
        assertEquals(m.lastJournaledIndex(), m.checkpointIndex());
        assertEquals(0, m.lag());
        assertEquals(0, m.inFlight());
    }
}
