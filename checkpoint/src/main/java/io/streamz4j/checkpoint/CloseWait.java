package io.streamz4j.checkpoint;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The wait of {@link JournaledSource#close()} for a consistent cut: by then the pipeline's rings
 * have delivered and its time-based nodes have flushed, so what is still in flight is held by a
 * node that keeps elements (a window: fine when it is snapshotted, a cut then holds at once), or
 * by work outside the engine's threads (a sink handing elements to an executor of its own),
 * which may still finish them. Polls, backing off from 50 microseconds to a millisecond, while
 * that work makes progress: it stops at the cut, at the bound, or once no element has completed
 * for {@link #QUIET_NANOS} (what is left then is held by a node that keeps it until destroyed: a
 * partial window without a snapshot, which waiting cannot change). Unless the cut was reached, a
 * warning says what is still held and which checkpoint is stored instead.
 *
 * <p>Thread safety: used once, on the thread closing the source.
 */
final class CloseWait {
    private static final Logger LOG = LoggerFactory.getLogger(CloseWait.class);
    private static final long FIRST_PAUSE_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
    private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How long without a completed element ends the wait before its bound. */
    static final long QUIET_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final JournaledSource<?> source;
    private final Duration timeout;

    CloseWait(JournaledSource<?> source, Duration timeout) {
        this.source = source;
        this.timeout = timeout;
    }

    /**
     * True when the cut was reached (and the snapshots captured there); false, after warning, when
     * the bound passed or progress stopped first.
     */
    boolean await() {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long lastProgress = start;
        long outstanding = source.inFlight();
        long pause = FIRST_PAUSE_NANOS;
        while (!source.settledForClose()) {
            long now = System.nanoTime();
            long left = source.inFlight();
            if (left < outstanding) {
                outstanding = left;
                lastProgress = now;
            }
            boolean timedOut = now - deadline >= 0;
            if (timedOut || now - lastProgress >= QUIET_NANOS) {
                LOG.warn("{}: close() {} with {}, held by a node without a snapshot or by work outside the"
                        + " pipeline; storing the checkpoint at {}, so the next start replays what follows it",
                        source, timedOut ? "waited its " + timeout.toMillis() + " ms bound" : "saw no more elements"
                        + " complete", source.inFlightDescription(), source.checkpointDescription());
                return false;
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(2 * pause, LONGEST_PAUSE_NANOS);
        }
        return true;
    }
}
