package io.streamz4j.checkpoint;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The pipeline {@link PoisonCrashTest} runs in a child JVM (launched and killed with
 * {@link CrashTest}'s machinery): a journaled source of 0..5 under
 * {@link FailurePolicy#retryThenDeadLetter} and a map that throws on {@link #POISON}, appending a
 * line to a file at each attempt with one unbuffered write (so the count survives a SIGKILL).
 * At its {@code hangAt}-th attempt in this JVM it prints HANGING and waits to be killed instead of
 * throwing: a process dying in the middle of a retry. After a restart it resumes after the newest
 * journaled number.
 *
 * <p>Arguments: journal directory, attempts file, max attempts, hangAt (0: never). Prints READY
 * once replay is done, DONE at the end.
 */
public final class PoisonChild {
    static final long POISON = 3;
    static final long LAST = 5;

    private PoisonChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int maxAttempts = Integer.parseInt(args[2]);
        int hangAt = Integer.parseInt(args[3]);
        int[] attempts = {0};
        try (FileChannel out = FileChannel.open(Path.of(args[1]), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
             JournaledSource<Long> source = JournaledSource.builder(dir, Codecs.LONG).name("poison")
                     .checkpointInterval(Duration.ZERO)
                     .failurePolicy(FailurePolicy.retryThenDeadLetter(maxAttempts)).build()) {
            source.map((Long x) -> {
                if (x == POISON) {
                    CrashChild.write(out, "attempt\n");
                    if (++attempts[0] == hangAt) {
                        System.out.println("HANGING");
                        System.out.flush();
                        while (true) {
                            LockSupport.park();
                        }
                    }
                    throw new IllegalStateException("cannot handle " + x);
                }
                return x;
            }).sink(x -> { });
            CrashChild.startAndResume(source, LAST + 1);
        }
        System.out.println("DONE");
    }
}
