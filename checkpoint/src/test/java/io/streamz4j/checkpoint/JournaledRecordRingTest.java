package io.streamz4j.checkpoint;

import static io.streamz4j.checkpoint.RecordTicks.TICK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.record.RecordHandler;
import io.streamz4j.record.RecordLayout;
import io.streamz4j.record.tick.TickDecoder;
import io.streamz4j.record.tick.TickEncoder;
import io.streamz4j.record.types.TickLikeDecoder;
import io.streamz4j.record.types.TickLikeEncoder;
import io.streamz4j.runtime.WaitStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;

/**
 * Records journaled as their raw bytes with a real Chronicle queue on disk: what a restart replays
 * comes back field by field, in order, exactly the records the last run did not finish (and
 * nothing after a clean close); entries that are not the layout's records are refused, never
 * decoded, as the damaged-entry policy says; a record the handler throws on goes as the failure
 * policy says; the producer's journaling allocates nothing per record. A process killed with
 * SIGKILL is in {@link RecordCrashTest}.
 */
class JournaledRecordRingTest {
    private static final RecordLayout<TickLikeEncoder, TickLikeDecoder> TICK_LIKE = RecordLayout.of("TickLike",
            TickLikeEncoder::new, TickLikeDecoder::new, ByteOrder.BIG_ENDIAN);

    /** Collects the number of each tick handled (-1 for one whose fields are not that tick's). */
    private static RecordHandler<TickDecoder> collecting(List<Long> seen) {
        return (tick, sequence, endOfBatch) -> seen.add(RecordTicks.number(tick));
    }

    private static void publish(JournaledRecordRing<TickEncoder, TickDecoder> ring, long from, long to) {
        for (long i = from; i < to; i++) {
            long sequence = ring.claim();
            RecordTicks.write(ring.encoder(sequence), i);
            ring.publish(sequence);
        }
    }

    private static List<Long> range(long from, long to) {
        return LongStream.range(from, to).boxed().toList();
    }

    @Test
    void aRestartReplaysFieldByFieldExactlyTheRecordsTheLastRunDidNotFinish(@TempDir Path tmp) {
        Path dir = tmp.resolve("journal");
        List<Long> first = Collections.synchronizedList(new ArrayList<>());
        // Fail fast on tick 600: it stays in flight, so the checkpoint stays below it while the rest is handled.
        try (JournaledRecordRing<TickEncoder, TickDecoder> ring = JournaledRecordRing.builder(dir, TICK).capacity(64)
                .failurePolicy(FailurePolicy.failFast()).checkpointInterval(Duration.ZERO)
                .handler((tick, sequence, endOfBatch) -> {
                    long i = RecordTicks.number(tick);
                    if (i == 600) {
                        throw new IllegalStateException("tick 600 fails");
                    }
                    first.add(i);
                }).build()) {
            ring.start();
            assertEquals(0, ring.replayedCount());
            assertNull(ring.lastJournaled());
            publish(ring, 0, 1000);
        }
        List<Long> expectedFirst = new ArrayList<>(range(0, 1000));
        expectedFirst.remove(Long.valueOf(600));
        assertEquals(expectedFirst, first);

        List<Long> second = Collections.synchronizedList(new ArrayList<>());
        try (JournaledRecordRing<TickEncoder, TickDecoder> ring = JournaledRecordRing.builder(dir, TICK).capacity(64)
                .checkpointInterval(Duration.ZERO).handler(collecting(second)).build()) {
            ring.start(); // 400 records through a 64-slot ring: the replay wraps it
            assertEquals(400, ring.replayedCount());
            assertEquals(999, RecordTicks.number(ring.lastJournaled()), "the producer resumes after tick 999");
            publish(ring, 1000, 1100);
        }
        assertEquals(range(600, 1100), second, "replayed from tick 600 on, every field as written, then the new ones");

        List<Long> third = Collections.synchronizedList(new ArrayList<>());
        try (JournaledRecordRing<TickEncoder, TickDecoder> ring = JournaledRecordRing.builder(dir, TICK)
                .handler(collecting(third)).build()) {
            ring.start();
            assertEquals(0, ring.replayedCount(), "a clean close leaves nothing to replay");
            assertEquals(1099, RecordTicks.number(ring.lastJournaled()));
        }
        assertEquals(List.of(), third);
    }

    @Test
    void theCheckpointThreadStoresHowFarTheHandlerGot(@TempDir Path tmp) {
        Path dir = tmp.resolve("journal");
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        try (JournaledRecordRing<TickEncoder, TickDecoder> ring = JournaledRecordRing.builder(dir, TICK)
                .checkpointInterval(Duration.ofMillis(1)).handler(collecting(seen)).build()) {
            ring.start();
            publish(ring, 0, 300);
            long last = ring.completedThrough();
            while (seen.size() < 300 || new CheckpointFile(dir).read().completedThrough() < ring.completedThrough()) {
                LockSupport.parkNanos(1_000_000); // waits for the handler and the checkpoint thread; asserts no timing
                last = ring.completedThrough();
            }
            Checkpoint stored = new CheckpointFile(dir).read();
            assertEquals(last, stored.completedThrough());
            assertEquals(299, RecordTicks.number(new UnsafeBuffer(stored.position())),
                    "the checkpoint's position is the message of the last record handled");
        }
    }

    /** Journals ticks 0..n-1 that a handler failing fast on the first leaves all unfinished. */
    private static void journalUnfinished(Path dir, int n) {
        try (JournaledRecordRing<TickEncoder, TickDecoder> ring = JournaledRecordRing.builder(dir, TICK)
                .failurePolicy(FailurePolicy.failFast()).checkpointInterval(Duration.ZERO)
                .handler((tick, sequence, endOfBatch) -> {
                    throw new IllegalStateException("not now");
                }).build()) {
            ring.start();
            publish(ring, 0, n);
        }
    }

    @Test
    void entriesOfAnotherLayoutOfTheSameLengthAreRefusedByTheirHeaderAndDeadLetteredNeverDecoded(@TempDir Path tmp) {
        assertEquals(TICK.messageLength(), TICK_LIKE.messageLength(), "the same length: only the header tells");
        Path dir = tmp.resolve("journal");
        journalUnfinished(dir, 10);
        AtomicInteger handled = new AtomicInteger();
        try (JournaledRecordRing<TickLikeEncoder, TickLikeDecoder> ring = JournaledRecordRing.builder(dir, TICK_LIKE)
                .handler((record, sequence, endOfBatch) -> handled.incrementAndGet()).build()) {
            ring.start();
            assertEquals(0, ring.replayedCount());
            assertEquals(10, ring.damagedEntryCount());
            List<DeadLetter<org.agrona.DirectBuffer>> letters = ring.deadLetters();
            assertEquals(10, letters.size());
            for (int i = 0; i < 10; i++) {
                DeadLetter<org.agrona.DirectBuffer> letter = letters.get(i);
                assertEquals(DeadLetter.Kind.DAMAGED, letter.kind());
                assertEquals(RefusedEntryException.class.getName(), letter.exceptionClass());
                // the tick's little-endian header (block 32, template 1, schema 1702), read big-endian
                assertTrue(letter.message().contains("read BIG_ENDIAN, says schema 42502 template 256 v0, 8192-byte"
                        + " block") && letter.message().contains("TickLike, schema 1703 template 3"), letter.message());
                assertEquals(i, RecordTicks.number(new UnsafeBuffer(letter.raw())), "the entry's bytes as found");
            }
        }
        assertEquals(0, handled.get(), "no refused entry reaches the handler");
        try (JournaledRecordRing<TickLikeEncoder, TickLikeDecoder> ring = JournaledRecordRing.builder(dir, TICK_LIKE)
                .handler((record, sequence, endOfBatch) -> handled.incrementAndGet()).build()) {
            ring.start();
            assertEquals(0, ring.damagedEntryCount(), "the checkpoint passed the refused entries");
            assertNull(ring.lastJournaled(), "the newest entry is no TickLike: no position to resume from");
            assertEquals(10, ring.deadLetters().size());
        }
    }

    @Test
    void entriesOfAnotherLengthStopTheStartUnderTheStopPolicy(@TempDir Path tmp) {
        Path dir = tmp.resolve("journal");
        journalUnfinished(dir, 3);
        AtomicInteger handled = new AtomicInteger();
        try (JournaledRecordRing<?, ?> ring = JournaledRecordRing.builder(dir, RecordLayout.LONG_VALUE)
                .damagedEntries(DamagedEntryPolicy.STOP)
                .handler((record, sequence, endOfBatch) -> handled.incrementAndGet()).build()) {
            JournalException refused = assertThrows(JournalException.class, ring::start);
            assertTrue(refused.getMessage().contains("is refused (40 bytes, where a record of RecordLayout[LongValue")
                    && refused.getMessage().contains("stop"), refused.getMessage());
        }
        assertEquals(0, handled.get());
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        try (JournaledRecordRing<TickEncoder, TickDecoder> ring = JournaledRecordRing.builder(dir, TICK)
                .handler(collecting(seen)).build()) {
            ring.start(); // the journal is as it was: its own layout replays all three
            assertEquals(3, ring.replayedCount());
        }
        assertEquals(range(0, 3), seen);
    }

    @Test
    void aRecordTheHandlerKeepsFailingOnIsDeadLetteredWithItsMessageAndPassed(@TempDir Path tmp) {
        Path dir = tmp.resolve("journal");
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        RecordHandler<TickDecoder> failingOnThree = new RecordHandler<>() {
            @Override
            public void onRecord(TickDecoder tick, long sequence, boolean endOfBatch) {
                long i = RecordTicks.number(tick);
                if (i == 3) {
                    throw new IllegalArgumentException("three");
                }
                seen.add(i);
            }

            @Override
            public String toString() {
                return "failing-on-three";
            }
        };
        try (JournaledRecordRing<TickEncoder, TickDecoder> ring = JournaledRecordRing.builder(dir, TICK)
                .handler(failingOnThree).build()) {
            ring.start();
            publish(ring, 0, 8);
            ring.close();
            assertEquals(1, ring.failureCount());
            assertEquals(1, ring.deadLetteredCount());
        }
        assertEquals(List.of(0L, 1L, 2L, 4L, 5L, 6L, 7L), seen);
        try (JournaledRecordRing<TickEncoder, TickDecoder> ring = JournaledRecordRing.builder(dir, TICK)
                .handler(collecting(seen)).build()) {
            ring.start();
            assertEquals(0, ring.replayedCount(), "the checkpoint passed the dead-lettered record");
            DeadLetter<org.agrona.DirectBuffer> letter = ring.deadLetters().get(0);
            assertEquals(DeadLetter.Kind.FAILED, letter.kind());
            assertEquals("failing-on-three", letter.node());
            assertEquals("three", letter.message());
            assertEquals(3, RecordTicks.number(letter.value()), "the letter holds the record's message");
            assertEquals(TICK.messageLength(), letter.raw().length);
        }
    }

    @Test
    void aRecordThatFailsTransientlyIsGivenAgainUpToThePolicysAttempts(@TempDir Path tmp) {
        Path dir = tmp.resolve("journal");
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        try (JournaledRecordRing<TickEncoder, TickDecoder> ring = JournaledRecordRing.builder(dir, TICK)
                .failurePolicy(FailurePolicy.retryThenDeadLetter(3)).handler((tick, sequence, endOfBatch) -> {
                    long i = RecordTicks.number(tick);
                    if (i == 5 && failures.getAndIncrement() < 2) {
                        throw new IllegalStateException("busy");
                    }
                    seen.add(i);
                }).build()) {
            ring.start();
            publish(ring, 0, 10);
            ring.close();
            assertEquals(2, ring.failureCount());
            assertEquals(0, ring.deadLetteredCount());
        }
        assertEquals(range(0, 10), seen);
    }

    @Test
    void badArgumentsFailAtConstructionNamingTheNodeAndParameter(@TempDir Path tmp) {
        assertRefused("'dir'", () -> JournaledRecordRing.builder(null, TICK));
        assertRefused("'layout'", () -> JournaledRecordRing.builder(tmp, null));
        assertRefused("'handler'", () -> JournaledRecordRing.builder(tmp, TICK).build());
        assertRefused("'checkpointInterval'", () -> JournaledRecordRing.builder(tmp, TICK)
                .checkpointInterval(Duration.ofMillis(-1)));
        assertRefused("'minFreeDiskBytes'", () -> JournaledRecordRing.builder(tmp, TICK).minFreeDiskBytes(-1));
        assertRefused("'capacity'", () -> JournaledRecordRing.builder(tmp, TICK).capacity(1000));
    }

    private static void assertRefused(String parameter, Runnable construction) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, construction::run);
        assertTrue(e.getMessage().contains(parameter)
                && (e.getMessage().contains("journaled record ring") || e.getMessage().contains("journaled-Tick")
                || e.getMessage().contains("record-ring-Tick")), e.getMessage());
    }

    @Test
    void claimingBeforeStartIsRefused(@TempDir Path tmp) {
        try (JournaledRecordRing<TickEncoder, TickDecoder> ring = JournaledRecordRing.builder(tmp, TICK)
                .handler((tick, sequence, endOfBatch) -> { }).build()) {
            assertThrows(IllegalStateException.class, ring::claim);
        }
    }

    /**
     * Counted with {@code ThreadMXBean.getThreadAllocatedBytes} (bytes, not a timing) on the
     * producing thread: claim, encode and publish, which appends the record's bytes to Chronicle.
     * No object is made per record: what the thread allocates over a million records is well under
     * a byte per record (any object per record would be at least 16). It is not zero: Chronicle's
     * appender allocates a little as it maps each new chunk of the cycle file, which the count
     * printed here shows.
     */
    @Test
    void journalingARecordMakesNoObjectOnTheProducingThreadAfterWarmUp(@TempDir Path tmp) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        long producer = Thread.currentThread().getId();
        int measured = 1_000_000;
        long[] handled = new long[1];
        try (JournaledRecordRing<TickEncoder, TickDecoder> ring = JournaledRecordRing.builder(tmp, TICK)
                .capacity(1024).waitStrategy(WaitStrategy.YIELDING).checkpointInterval(Duration.ZERO)
                .handler((tick, sequence, endOfBatch) -> handled[0]++).build()) {
            ring.start();
            publish(ring, 0, 200_000); // warm-up: the JIT, Chronicle's first mappings
            long before = threads.getThreadAllocatedBytes(producer);
            publish(ring, 200_000, 200_000 + measured);
            long allocated = threads.getThreadAllocatedBytes(producer) - before;
            System.out.println("journaled record ring: the producing thread allocated " + allocated + " bytes for "
                    + measured + " records (" + (double) allocated / measured + " per record)");
            assertTrue(allocated < measured / 10, "the producing thread allocated " + allocated + " bytes for "
                    + measured + " records");
        }
    }
}
