package io.streamz4j.checkpoint;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A child JVM for {@link JournalLockTest} and {@link JournalPreconditionsTest}: builds a journaled
 * source on a directory and either holds it ({@code hold}: starts it, prints READY, and waits until
 * its input closes or it is killed) or reports what building said ({@code build}: prints BUILT, or
 * REFUSED and the message). {@link CrashTest#jvmFlags()} gives it the parent's flags.
 *
 * <p>Arguments: mode, journal directory.
 */
public final class JournalChild {
    private JournalChild() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        JournaledSource<Long> source;
        try {
            source = JournaledSource.builder(dir, Codecs.LONG).name("child")
                    .checkpointInterval(Duration.ZERO).build();
        } catch (JournalException e) {
            System.out.println("REFUSED " + e.getMessage());
            return;
        }
        try (source) {
            source.sink(x -> { });
            source.start();
            source.emit(1L);
            if (args[0].equals("build")) {
                System.out.println("BUILT");
                return;
            }
            System.out.println("READY");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold the journal until the parent closes our input or kills us
            }
        }
    }
}
