package io.streamz4j.checkpoint;

import io.streamz4j.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node that throws on one element (a poison element) under each {@link FailurePolicy}, in a live
 * emit and met again in the replay at start(), and re-emitting a dead letter. Restarts are orderly
 * here; {@link PoisonCrashTest} kills a process mid-retry.
 */
class FailurePolicyTest {
    private static final long POISON = 3;

    private static JournaledSource<Long> open(Path dir, FailurePolicy policy) {
        return JournaledSource.builder(dir, Codecs.LONG).checkpointInterval(Duration.ZERO).name("orders")
                .failurePolicy(policy).build();
    }

    /** A map named "parse" that throws on {@link #POISON}, counting its calls on it. */
    private static Function<Long, Long> failingOnPoison(AtomicInteger calls) {
        return x -> {
            if (x == POISON) {
                calls.incrementAndGet();
                throw new IllegalStateException("cannot parse " + x);
            }
            return x;
        };
    }

    /** source -> map("parse", throws on the poison) -> sink list. */
    private static List<Long> pipeline(JournaledSource<Long> source, AtomicInteger calls) {
        return source.map(failingOnPoison(calls)).named("parse").sinkToList();
    }

    @Test
    void failFastThrowsTheNodesExceptionNamingIndexAndNodeAndKeepsTheElementInFlight(@TempDir Path dir) {
        AtomicInteger calls = new AtomicInteger();
        try (JournaledSource<Long> source = open(dir, FailurePolicy.failFast())) {
            List<Long> seen = pipeline(source, calls);
            source.start();
            source.emit(1L);
            source.emit(2L);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> source.emit(POISON),
                    "the node's own exception reaches the emitter, unchanged in type");
            assertEquals("cannot parse 3", e.getMessage());
            ElementFailedException named = assertInstanceOf(ElementFailedException.class, e.getSuppressed()[0]);
            assertTrue(named.getMessage().contains("index 0x" + Long.toHexString(named.index()))
                    && named.getMessage().contains(dir.toString()), named.getMessage());
            assertTrue(named.node().contains("parse") && named.getMessage().contains(named.node()), named.getMessage());
            source.emit(4L);
            assertEquals(List.of(1L, 2L, 4L), seen);
            assertEquals(1, calls.get(), "no retry under fail fast");
            assertEquals(1, source.inFlight(), "the poison element stays in flight");
            assertEquals(1, source.failureCount());
            assertEquals(0, source.deadLetteredCount());
            source.checkpoint();
            assertEquals(List.of(), source.deadLetters());
        }
        // Replayed at every start, it fails there too: start() names the index and the node.
        for (int restart = 0; restart < 2; restart++) {
            try (JournaledSource<Long> source = open(dir, FailurePolicy.failFast())) {
                pipeline(source, calls);
                ElementFailedException e = assertThrows(ElementFailedException.class, source::start);
                assertTrue(e.getMessage().contains("index 0x" + Long.toHexString(e.index()))
                        && e.getMessage().contains("parse") && e.getMessage().contains("fail fast"), e.getMessage());
                assertInstanceOf(IllegalStateException.class, e.getCause());
            }
        }
    }

    @Test
    void byDefaultAPoisonElementIsDeadLetteredOnceAndTheCheckpointPassesIt(@TempDir Path dir) {
        AtomicInteger calls = new AtomicInteger();
        long poisonIndex;
        try (JournaledSource<Long> source = JournaledSource.builder(dir, Codecs.LONG)
                .checkpointInterval(Duration.ZERO).build()) {
            List<Long> seen = pipeline(source, calls);
            source.start();
            source.emit(1L);
            source.emit(2L);
            source.emit(POISON); // returns normally
            source.emit(4L);
            assertEquals(List.of(1L, 2L, 4L), seen);
            assertEquals(1, calls.get(), "one attempt by default");
            assertEquals(0, source.inFlight(), "the dead-lettered element no longer holds the checkpoint");
            assertEquals(1, source.failureCount());
            assertEquals(1, source.deadLetteredCount());
            long checkpoint = source.checkpoint();
            assertEquals(4L, JournalProbe.valueAt(dir, checkpoint, -1), "the checkpoint passed the poison element");

            List<DeadLetter<Long>> letters = source.deadLetters();
            assertEquals(1, letters.size());
            DeadLetter<Long> letter = letters.get(0);
            poisonIndex = letter.journalIndex();
            assertEquals(POISON, JournalProbe.valueAt(dir, poisonIndex, -1), "it names the element's journal index");
            assertEquals(DeadLetter.Kind.FAILED, letter.kind());
            assertEquals(IllegalStateException.class.getName(), letter.exceptionClass());
            assertEquals("cannot parse 3", letter.message());
            assertTrue(letter.node().contains("parse"), letter.node());
            assertEquals(1, letter.attempts());
            assertEquals(POISON, letter.value());
            assertArrayEquals(new byte[] {3, 0, 0, 0, 0, 0, 0, 0}, letter.raw(), "the codec's bytes");
            assertFalse(letter.handled());
            assertTrue(Files.isDirectory(dir.resolve(DeadLetterJournal.DIR)));
        }
        try (JournaledSource<Long> source = open(dir, FailurePolicy.deadLetter())) {
            List<Long> seen = pipeline(source, calls);
            source.start();
            assertEquals(List.of(), seen, "nothing replays: the checkpoint passed the poison element");
            assertEquals(1, calls.get());
            assertEquals(poisonIndex, source.deadLetters().get(0).journalIndex(), "the letter survives the restart");
        }
    }

    @Test
    void retryDeliversATransientFailureAgainAndDeadLettersAPersistentOneAfterMaxAttempts(@TempDir Path dir) {
        AtomicInteger flaky = new AtomicInteger();
        try (JournaledSource<Long> source = open(dir.resolve("transient"), FailurePolicy.retryThenDeadLetter(3))) {
            List<Long> seen = source.map((Long x) -> {
                if (x == POISON && flaky.incrementAndGet() < 3) {
                    throw new IllegalStateException("service briefly down");
                }
                return x;
            }).sinkToList();
            source.start();
            source.emit(POISON);
            assertEquals(List.of(POISON), seen, "the third attempt succeeded");
            assertEquals(2, source.failureCount());
            assertEquals(0, source.deadLetteredCount());
            assertEquals(0, source.inFlight(), "the failed attempts' leftover references do not hold it");
            assertEquals(POISON, JournalProbe.valueAt(dir.resolve("transient"), source.checkpoint(), -1));
            assertFalse(Files.exists(dir.resolve("transient").resolve(AttemptsFile.NAME)), "the count is cleared");
            assertEquals(List.of(), source.deadLetters());
        }
        AtomicInteger calls = new AtomicInteger();
        try (JournaledSource<Long> source = open(dir.resolve("poison"), FailurePolicy.retryThenDeadLetter(3))) {
            List<Long> seen = pipeline(source, calls);
            source.start();
            source.emit(POISON);
            source.emit(5L);
            assertEquals(List.of(5L), seen);
            assertEquals(3, calls.get(), "three attempts in all");
            assertEquals(3, source.failureCount());
            assertEquals(1, source.deadLetteredCount());
            assertEquals(3, source.deadLetters().get(0).attempts());
            assertEquals(0, source.inFlight());
            assertFalse(Files.exists(dir.resolve("poison").resolve(AttemptsFile.NAME)), "the count is cleared");
        }
    }

    @Test
    void aPoisonElementMetInTheReplayIsDeadLetteredAndTheSourceStarts(@TempDir Path dir) {
        AtomicInteger calls = new AtomicInteger();
        try (JournaledSource<Long> source = open(dir, FailurePolicy.failFast())) {
            pipeline(source, calls);
            source.start();
            for (long i = 1; i <= 5; i++) {
                if (i == POISON) {
                    assertThrows(IllegalStateException.class, () -> source.emit(POISON));
                } else {
                    source.emit(i);
                }
            }
        }
        try (JournaledSource<Long> source = open(dir, FailurePolicy.retryThenDeadLetter(2))) {
            List<Long> seen = pipeline(source, calls);
            source.start(); // the replay meets the poison element again
            assertEquals(List.of(4L, 5L), seen, "the replay goes on past it");
            assertEquals(3, calls.get(), "one attempt before, two in the replay");
            assertEquals(1, source.deadLetteredCount());
            DeadLetter<Long> letter = source.deadLetters().get(0);
            assertEquals(POISON, letter.value());
            assertEquals(2, letter.attempts());
            assertEquals(0, source.inFlight());
            source.emit(6L);
            assertEquals(List.of(4L, 5L, 6L), seen);
        }
        try (JournaledSource<Long> source = open(dir, FailurePolicy.retryThenDeadLetter(2))) {
            List<Long> seen = pipeline(source, calls);
            source.start();
            assertEquals(List.of(), seen, "the checkpoint passed everything, the poison element included");
            assertEquals(1, source.deadLetters().size(), "dead-lettered once");
        }
    }

    /**
     * A re-emitted letter is journaled anew and marked re-emitted durably: after a restart the
     * running sum counts it once, and the letter cannot be re-emitted again.
     */
    @Test
    void aReEmittedLetterIsCountedExactlyOnceAcrossARestart(@TempDir Path dir) {
        boolean[] broken = {true};
        Function<JournaledSource<Long>, Stream<Long>> sumOf = source -> {
            Stream<Long> sum = source.map((Long x) -> {
                if (x == POISON && broken[0]) {
                    throw new IllegalStateException("not yet");
                }
                return x;
            }).accumulate((Long acc, Long x) -> acc + x, 0L);
            source.snapshot("sum", AccumulateSnapshot.of(sum, Codecs.LONG));
            return sum;
        };
        long reEmittedAt;
        try (JournaledSource<Long> source = open(dir, FailurePolicy.deadLetter())) {
            List<Long> sums = sumOf.apply(source).sinkToList();
            source.start();
            source.emit(1L);
            source.emit(POISON);
            source.emit(10L);
            assertEquals(List.of(1L, 11L), sums);
            broken[0] = false; // the cause is fixed
            DeadLetter<Long> letter = source.deadLetters().get(0);
            reEmittedAt = source.reEmit(letter);
            assertEquals(List.of(1L, 11L, 14L), sums);
            assertEquals(POISON, JournalProbe.valueAt(dir, reEmittedAt, -1), "journaled anew");
            IllegalStateException twice = assertThrows(IllegalStateException.class, () -> source.reEmit(letter));
            assertTrue(twice.getMessage().contains("re-emitted already"), twice.getMessage());
            assertEquals(reEmittedAt, source.deadLetters().get(0).reEmittedAt());
        }
        try (JournaledSource<Long> source = open(dir, FailurePolicy.deadLetter())) {
            Stream<Long> sum = sumOf.apply(source);
            List<Long> sums = sum.sinkToList();
            source.start();
            assertEquals(List.of(), sums, "nothing replays");
            source.emit(0L);
            assertEquals(List.of(14L), sums, "1 + 3 + 10: the re-emitted element counted once");
            DeadLetter<Long> letter = source.deadLetters().get(0);
            assertTrue(letter.handled(), "re-emitted is durable");
            assertEquals(reEmittedAt, letter.reEmittedAt());
            assertThrows(IllegalStateException.class, () -> source.reEmit(letter));
            assertEquals(List.of(14L), sums);
        }
    }

    /**
     * A dead-lettered element still held on another branch (a partition here) is released there
     * later, after its slot in the tracker's ring holds another element: that late release must not
     * complete the other element, or the checkpoint would pass an element a node still holds.
     */
    @Test
    void aLateReleaseOfADeadLetteredElementDoesNotCompleteTheElementReusingItsSlot(@TempDir Path dir) {
        int ringSlots = 1024; // CompletionTracker's initial ring
        long heldAfterReuse = 1_000_000;
        long releaser = 2_000_000;
        AtomicInteger calls = new AtomicInteger();
        List<List<Long>> lateGroup;
        List<List<Long>> reuserGroup;
        try (JournaledSource<Long> source = open(dir, FailurePolicy.deadLetter())) {
            // Branch 1 holds the poison element until the releaser arrives; branch 2 throws on it.
            lateGroup = source.filter(x -> x == POISON || x == releaser).partition(2).sinkToList();
            reuserGroup = source.filter(x -> x == heldAfterReuse).partition(2).sinkToList();
            source.map(failingOnPoison(calls)).sink(x -> { });
            source.start();
            source.emit(POISON); // element 0: dead-lettered, still held by branch 1
            for (long i = 1; i < ringSlots; i++) {
                source.emit(10 + i); // done at once
            }
            source.emit(heldAfterReuse); // element 1,024 reuses the poison element's slot; held
            assertEquals(1, source.inFlight());
            source.emit(releaser); // branch 1 lets the poison element go now, late
            assertEquals(List.of(List.of(POISON, releaser)), lateGroup);
            assertEquals(List.of(), reuserGroup);
            assertEquals(1, source.inFlight(), "the held element is still in flight");
            long checkpoint = source.checkpoint();
            assertEquals(10L + ringSlots - 1, JournalProbe.valueAt(dir, checkpoint, -1),
                    "the checkpoint stays below the held element");
        }
        try (JournaledSource<Long> source = open(dir, FailurePolicy.deadLetter())) {
            List<Long> seen = source.sinkToList();
            source.start();
            assertEquals(List.of(heldAfterReuse, releaser), seen, "the held element replays");
        }
    }

    /**
     * A node behind a buffer fails on the buffer's thread, where no emit can rethrow: the element
     * is dead-lettered there (its bytes read back from the journal) instead of staying in flight
     * for ever, and its slot in the tracker, reused later, tracks the next elements normally.
     */
    @Test
    void aPoisonElementFailingOnABuffersThreadIsDeadLetteredAndTheCheckpointMovesOn(@TempDir Path dir) {
        AtomicInteger calls = new AtomicInteger();
        int total = 3_000; // more than the tracker's 1,024 slots, so the poison element's slot is reused
        try (JournaledSource<Long> source = open(dir, FailurePolicy.retryThenDeadLetter(3))) {
            List<Long> seen = source.buffer(16).map(failingOnPoison(calls)).named("parse").sinkToList();
            source.start();
            for (long i = 0; i < total; i++) {
                source.emit(i);
            }
            DrainWait.untilInFlightAtMost(source, 0);
            assertEquals(0, source.inFlight(), "the poison element no longer holds the checkpoint");
            assertEquals(total - 1, seen.size());
            assertEquals(1, calls.get(), "nobody can deliver it again on the buffer's thread");
            assertEquals(total - 1L, JournalProbe.valueAt(dir, source.checkpoint(), -1));
            DeadLetter<Long> letter = source.deadLetters().get(0);
            assertEquals(POISON, letter.value());
            assertArrayEquals(new byte[] {3, 0, 0, 0, 0, 0, 0, 0}, letter.raw(), "read back from the journal");
            assertEquals(POISON, JournalProbe.valueAt(dir, letter.journalIndex(), -1));
            assertTrue(letter.node().contains("parse"), letter.node());
            assertEquals(1, source.deadLetteredCount());
        }
    }

    /** Under fail fast an element failing on a buffer's thread stays in flight, and is replayed. */
    @Test
    void underFailFastAnElementFailingOnABuffersThreadStaysInFlight(@TempDir Path dir) {
        AtomicInteger calls = new AtomicInteger();
        try (JournaledSource<Long> source = open(dir, FailurePolicy.failFast())) {
            List<Long> seen = source.buffer(16).map(failingOnPoison(calls)).sinkToList();
            source.start();
            for (long i = 0; i < 6; i++) {
                source.emit(i);
            }
            DrainWait.until(() -> seen.size() == 5);
            DrainWait.untilInFlightAtMost(source, 1);
            assertEquals(1, source.inFlight());
            assertEquals(List.of(), source.deadLetters());
            assertEquals(1, source.failureCount());
        }
        try (JournaledSource<Long> source = open(dir, FailurePolicy.deadLetter())) {
            List<Long> seen = source.sinkToList();
            source.start();
            assertEquals(List.of(POISON, 4L, 5L), seen, "replayed from the element that failed");
        }
    }

    /** Without failures neither the attempts file nor the dead-letter journal is ever created. */
    @Test
    void theHappyPathTouchesNeitherTheAttemptsFileNorTheDeadLetterJournal(@TempDir Path dir) {
        try (JournaledSource<Long> source = open(dir, FailurePolicy.retryThenDeadLetter(3))) {
            pipeline(source, new AtomicInteger());
            source.start();
            for (long i = 4; i < 1000; i++) {
                source.emit(i);
            }
            source.checkpoint();
            assertEquals(List.of(), source.deadLetters());
            assertEquals(0, source.failureCount());
        }
        assertFalse(Files.exists(dir.resolve(AttemptsFile.NAME)));
        assertFalse(Files.exists(dir.resolve(DeadLetterJournal.DIR)));
    }

    /** emitAsync agrees with emit: done when the element was dead-lettered or a retry delivered it, failed under fail fast. */
    @Test
    void emitAsyncFailsOnlyWhenEmitWouldThrow(@TempDir Path dir) {
        AtomicInteger calls = new AtomicInteger();
        try (JournaledSource<Long> source = open(dir.resolve("dead"), FailurePolicy.retryThenDeadLetter(2))) {
            pipeline(source, calls);
            source.start();
            assertFalse(source.emitAsync(POISON).isCompletedExceptionally(), "dead-lettered: emit returns");
            assertEquals(2, calls.get());
        }
        AtomicInteger flaky = new AtomicInteger();
        try (JournaledSource<Long> source = open(dir.resolve("retried"), FailurePolicy.retryThenDeadLetter(2))) {
            source.map((Long x) -> {
                if (flaky.incrementAndGet() == 1) {
                    throw new IllegalStateException("once");
                }
                return x;
            }).sink(x -> { });
            source.start();
            assertFalse(source.emitAsync(POISON).isCompletedExceptionally(), "the retry delivered it");
        }
        try (JournaledSource<Long> source = open(dir.resolve("fast"), FailurePolicy.failFast())) {
            pipeline(source, calls);
            source.start();
            assertTrue(source.emitAsync(POISON).isCompletedExceptionally());
        }
    }

    @Test
    void badPolicyArgumentsAreRefusedNamingTheParameter(@TempDir Path dir) {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class,
                () -> FailurePolicy.retryThenDeadLetter(0));
        assertTrue(zero.getMessage().contains("'maxAttempts'"), zero.getMessage());
        IllegalArgumentException nul = assertThrows(IllegalArgumentException.class,
                () -> JournaledSource.builder(dir, Codecs.LONG).failurePolicy(null));
        assertTrue(nul.getMessage().contains("'failurePolicy'"), nul.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JournaledSource.builder(dir, Codecs.LONG).damagedEntries(null));
        assertSame(FailurePolicy.deadLetter(), FailurePolicy.retryThenDeadLetter(1));
    }
}
