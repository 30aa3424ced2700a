package io.streamz4j.checkpoint;

import io.streamz4j.Stream;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every {@link JournalSync} policy journals, checkpoints and restarts exactly, across journal
 * rolls (where forcing moves on to the next cycle file) and over cycles retention deletes. What
 * forcing buys (surviving a power cut) cannot be shown in a test; JournalSyncBenchmark measures
 * what it costs.
 */
class JournalSyncTest {

    @Test
    void everyPolicyRestartsExactlyAcrossRolls(@TempDir Path tmp) {
        for (JournalSync sync : JournalSync.values()) {
            Path dir = tmp.resolve(sync.name());
            SetTimeProvider clock = new SetTimeProvider(TimeUnit.SECONDS.toNanos(1_700_000_000L));
            long total = 0;
            for (int run = 0; run < 3; run++) {
                try (JournaledSource<Long> source = JournaledSource.builder(dir, Codecs.LONG)
                        .checkpointInterval(Duration.ZERO).rollCycle(TestRollCycles.TEST_SECONDLY)
                        .timeProvider(clock).retention(Retention.deleteBelowCheckpoint(1)).journalSync(sync).build()) {
                    Stream<Long> sum = source.accumulate((Long acc, Long x) -> acc + x, 0L);
                    source.snapshot("sum", AccumulateSnapshot.of(sum, Codecs.LONG));
                    List<Long> sums = sum.sinkToList();
                    source.start();
                    assertEquals(List.of(), sums, sync + ": the close's checkpoint covered everything");
                    Long last = source.lastJournaled();
                    long from = last == null ? 1 : last + 1;
                    for (long x = from; x < from + 10; x++) {
                        source.emit(x);
                        total += x;
                        if (x % 4 == 0) {
                            source.checkpoint();
                            clock.advanceMillis(1000); // the next element opens a new cycle file
                        }
                    }
                    assertEquals(total, sums.get(sums.size() - 1), sync.name());
                }
            }
            assertEquals(30L * 31 / 2, total);
        }
    }

    @Test
    void aNullPolicyIsRefusedNamingTheParameter(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JournaledSource.builder(dir, Codecs.LONG).journalSync(null));
        assertTrue(e.getMessage().contains("'journalSync'"), e.getMessage());
    }
}
