package io.streamz4j.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A process killed with SIGKILL in the middle of retrying a poison element: the restarted one goes
 * on counting the attempts where the dead one stopped, so the element is dead-lettered after the
 * policy's number of attempts in all, not that many again per restart. Runs {@link PoisonChild}
 * with {@link CrashTest}'s child-JVM machinery.
 */
class PoisonCrashTest {
    private static final int MAX_ATTEMPTS = 4;

    @Test
    void attemptsAreCountedAcrossAKillInTheMiddleOfARetry(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("journal");
        Path attempts = tmp.resolve("attempts.txt");

        // First run: two attempts fail (each counted on disk), the third hangs and is killed.
        Process first = CrashTest.launch(PoisonChild.class, dir.toString(), attempts.toString(),
                Integer.toString(MAX_ATTEMPTS), "3");
        if (!CrashTest.watch(first, "HANGING").await(60, TimeUnit.SECONDS)) {
            String threads = CrashTest.threadDump(first);
            first.destroyForcibly();
            fail("the child never reached its third attempt; its threads:\n" + threads);
        }
        first.destroyForcibly();
        first.waitFor();
        assertEquals(3, Files.readAllLines(attempts).size());

        // Second run: the replay meets the element with two failures counted; two more make four.
        Process second = CrashTest.launch(PoisonChild.class, dir.toString(), attempts.toString(),
                Integer.toString(MAX_ATTEMPTS), "0");
        CrashTest.watch(second, "DONE");
        if (!second.waitFor(60, TimeUnit.SECONDS)) {
            String threads = CrashTest.threadDump(second);
            second.destroyForcibly();
            fail("the restarted child did not finish; its threads:\n" + threads);
        }
        assertEquals(0, second.exitValue(), "the restarted child failed");
        assertEquals(3 + 2, Files.readAllLines(attempts).size(),
                "the restart went on from the two failures the killed run recorded");

        try (JournaledSource<Long> source = JournaledSource.builder(dir, Codecs.LONG)
                .checkpointInterval(Duration.ZERO).build()) {
            List<Long> seen = source.sinkToList();
            source.start();
            assertEquals(List.of(), seen, "the checkpoint passed everything, the dead-lettered element included");
            assertEquals(PoisonChild.LAST, source.lastJournaled());
            List<DeadLetter<Long>> letters = source.deadLetters();
            assertEquals(1, letters.size());
            assertEquals(PoisonChild.POISON, letters.get(0).value());
            assertEquals(MAX_ATTEMPTS, letters.get(0).attempts());
            assertTrue(letters.get(0).node().contains("map"), letters.get(0).node());
        }
        assertTrue(!Files.exists(dir.resolve(AttemptsFile.NAME)), "the count is cleared once dead-lettered");
    }
}
