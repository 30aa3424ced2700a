package io.streamz4j.checkpoint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One writer per journal: a second journaled source on a directory that another one holds, in
 * this JVM or another process, is refused at build() with an error naming the directory and the
 * holder; the lock goes with close(), and with a holder killed by SIGKILL.
 */
class JournalLockTest {

    private static JournaledSource<Long> open(Path dir, String name) {
        return JournaledSource.builder(dir, Codecs.LONG).name(name).checkpointInterval(Duration.ZERO).build();
    }

    @Test
    void aSecondSourceInTheSameJvmIsRefusedUntilTheFirstCloses(@TempDir Path dir) {
        try (JournaledSource<Long> first = open(dir, "first")) {
            first.sink(x -> { });
            first.start();
            first.emit(1L);
            JournalException e = assertThrows(JournalException.class, () -> open(dir, "second"));
            String message = e.getMessage();
            assertTrue(message.contains(dir.toString()) && message.contains("'first'")
                    && message.contains("process " + ProcessHandle.current().pid())
                    && message.contains("in this JVM"), message);
            first.emit(2L); // the refused source took nothing from the holder
        }
        try (JournaledSource<Long> again = open(dir, "again")) {
            List<Long> seen = again.sinkToList();
            again.start();
            assertEquals(List.of(), seen, "1 and 2 were done and checkpointed by the first source");
            assertEquals(2L, again.lastJournaled());
        }
    }

    @Test
    void aSourceInAnotherProcessIsRefusedUntilThatProcessIsKilled(@TempDir Path dir) throws Exception {
        try (ChildProcess holder = ChildProcess.start("hold", dir, List.of())) {
            assertTrue(holder.awaitReady(), "the child never held the journal: " + holder.output());
            JournalException e = assertThrows(JournalException.class, () -> open(dir, "parent"));
            String message = e.getMessage();
            assertTrue(message.contains(dir.toString()) && message.contains("'child'")
                    && message.contains("process " + holder.process.pid()), message);
            holder.kill(); // SIGKILL: the OS releases the lock with the process
        }
        try (JournaledSource<Long> after = open(dir, "after")) {
            after.sink(x -> { });
            after.start();
            assertEquals(1L, after.lastJournaled(), "the killed holder's element is in the journal");
            after.emit(2L);
        }
    }
}
