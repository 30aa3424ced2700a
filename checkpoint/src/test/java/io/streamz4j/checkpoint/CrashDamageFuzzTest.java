package io.streamz4j.checkpoint;

import io.streamz4j.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The crash-and-damage check of {@link CrashTest}, in one process and so repeatable from a seed:
 * a snapshotted sum (behind a map some inputs poison), unique of halves and count run 25 times,
 * each "killed" by copying the journal directory as it is at a random moment (the files a SIGKILL
 * leaves: Chronicle's mapped pages are in the page cache), then the copy is damaged at random
 * ({@link RandomDamage}) and the next run starts on it, resuming after {@code lastJournaled()}.
 * The last run's state must count every input once. A failure names the seed; rerun it with
 * {@code -Dcrash.fuzz.seed=S}.
 */
class CrashDamageFuzzTest {
    private static final long POISON_EVERY = 101;
    private static final long POISON = 7;
    private static final int RUNS = 25;
    private static final long TOTAL = 6000;

    @Test
    void killedAndDamagedJournalsRestoreStateThatCountsEveryInputOnce(@TempDir Path tmp) throws IOException {
        Long fixed = Long.getLong("crash.fuzz.seed");
        int rounds = fixed != null ? 1 : Integer.getInteger("crash.fuzz.rounds", 3);
        for (int round = 0; round < rounds; round++) {
            round(tmp.resolve("round" + round), fixed != null ? fixed : new Random().nextLong());
        }
    }

    private static void round(Path tmp, long seed) throws IOException {
        Random random = new Random(seed);
        Path dir = tmp.resolve("run0");
        List<String> damages = new ArrayList<>();
        RandomDamage damage = new RandomDamage();
        AtomicLong sum = new AtomicLong();
        AtomicLong count = new AtomicLong();
        try {
            for (int run = 1; run <= RUNS; run++) {
                Path killed = tmp.resolve("run" + run);
                try (JournaledSource<Long> source = open(dir, sum, count)) {
                    source.start();
                    long from = next(source);
                    int emits = random.nextInt(200);
                    for (long x = from; x < from + emits; x++) {
                        source.emit(x);
                        if (random.nextInt(15) == 0) {
                            source.checkpoint();
                        }
                    }
                    JournalSurgery.copy(dir, killed);
                }
                damages.add(damage.deal(killed, random));
                JournalSurgery.deleteTree(dir); // each copy's cycle files are written out in full: keep two at most
                dir = killed;
            }
            try (JournaledSource<Long> source = open(dir, sum, count)) {
                source.start();
                for (long x = next(source); x < TOTAL; x++) {
                    source.emit(x);
                }
            }
        } catch (RuntimeException | Error e) {
            throw new AssertionError("seed " + seed + ", after " + damages, e);
        }
        long poisonSum = 0;
        for (long x = POISON; x < TOTAL; x += POISON_EVERY) {
            poisonSum += x;
        }
        assertEquals((TOTAL * (TOTAL - 1) / 2 - poisonSum) + " " + TOTAL / 2, sum.get() + " " + count.get(),
                "the restored sum and count of distinct halves (seed " + seed + ", after " + damages + ")");
    }

    private static long next(JournaledSource<Long> source) {
        Long last = source.lastJournaled();
        return last == null ? 0 : last + 1;
    }

    private static JournaledSource<Long> open(Path dir, AtomicLong sum, AtomicLong count) {
        JournaledSource<Long> source = JournaledSource.builder(dir, Codecs.LONG).checkpointInterval(Duration.ZERO)
                .build();
        Stream<Long> sums = source.map(x -> {
            if (x % POISON_EVERY == POISON) {
                throw new IllegalArgumentException("poison " + x);
            }
            return x;
        }).accumulate(Long::sum, 0L);
        source.snapshot("sum", AccumulateSnapshot.of(sums, Codecs.LONG));
        Stream<Long> unique = source.map(x -> x / 2).unique(4);
        source.snapshot("unique", NodeSnapshot.of(unique, Codecs.LONG));
        Stream<Long> counts = unique.accumulate((Long n, Long x) -> n + 1, 0L);
        source.snapshot("count", AccumulateSnapshot.of(counts, Codecs.LONG));
        sums.sink(sum::set);
        counts.sink(count::set);
        return source;
    }

}
