package io.streamz4j.checkpoint;

import io.streamz4j.Stream;
import io.streamz4j.core.PartitionUnique;
import io.streamz4j.core.WindowContents;
import io.streamz4j.runtime.EventLoop;
import io.streamz4j.runtime.ManualClock;
import io.streamz4j.runtime.WaitStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Snapshots of windows that run on an event-loop thread ({@code timedWindow}, {@code partition}
 * with a timeout), on real Chronicle queues in temporary directories. Each run has its own loop on
 * a {@link ManualClock}, as a restarted process would, and time moves only when the test says so,
 * followed by a wait until the loop has caught up: nothing sleeps. A crash is simulated as in
 * {@link WindowSnapshotTest}: the checkpoint file goes back to the one stored at an earlier moment.
 *
 * <p>Every cut here is taken by the emitting thread right after handing an element to the loop, so
 * the capture task queues behind that element: the snapshot must contain it although the loop may
 * not have taken it in when the emit returned.
 */
class LoopWindowSnapshotTest {
    private static final Duration SECOND = Duration.ofSeconds(1);

    /**
     * One process's pipeline: a journaled source on its own manual-clock loop feeding a snapshotted
     * window (or another node on the loop, snapshotted as a node).
     */
    private static final class Run implements AutoCloseable {
        final ManualClock clock = new ManualClock();
        final EventLoop loop = EventLoop.create("loop-window-snapshot", clock, WaitStrategy.BLOCKING);
        final JournaledSource<Long> source;
        final List<List<Long>> out = new CopyOnWriteArrayList<>();

        Run(Path dir, Function<Stream<Long>, Stream<List<Long>>> window) {
            source = JournaledSource.builder(dir, Codecs.LONG).checkpointInterval(Duration.ZERO).loop(loop).build();
            Stream<List<Long>> node = window.apply(source);
            source.snapshot("window", node instanceof WindowContents ? WindowSnapshot.of(node, Codecs.LONG)
                    : NodeSnapshot.of(node, Codecs.LONG));
            node.filter(w -> !w.isEmpty()).sink(out::add); // a timed window's empty lists say nothing here
            source.start();
        }

        void emit(long from, long to, boolean checkpointing) {
            for (long x = from; x <= to; x++) {
                source.emit(x);
                if (checkpointing) {
                    source.checkpoint();
                }
            }
        }

        /** Lets the loop take in what was emitted, moves time on, and waits for the timers now due. */
        void advance(Duration by) {
            caughtUp();
            clock.advance(by);
            caughtUp();
        }

        /** A task queued behind a task queued now runs after the timers due at the clock's time. */
        private void caughtUp() {
            CompletableFuture<Void> done = new CompletableFuture<>();
            loop.execute(() -> loop.execute(() -> done.complete(null)));
            done.orTimeout(10, TimeUnit.SECONDS).join();
        }

        @Override
        public void close() {
            source.close();
            loop.close();
        }
    }

    private static final Function<Stream<Long>, Stream<List<Long>>> TIMED_WINDOW = s -> s.timedWindow(SECOND);
    private static final Function<Stream<Long>, Stream<List<Long>>> TIMED_PARTITION = s -> s.partition(3, SECOND);
    private static final Function<Stream<Long>, Stream<List<Long>>> TIMED_UNIQUE_BY_THREE =
            s -> s.timedWindowUnique(SECOND, x -> x % 3, PartitionUnique.Keep.FIRST);

    /**
     * Runs {@code beforeCrash} up to its last checkpoint, which it returns, and then on; "crashes"
     * back to that checkpoint, restarts and runs {@code afterRestart}. Returns both runs' output.
     */
    private static List<List<Long>> crashAndRestart(Path dir, Function<Stream<Long>, Stream<List<Long>>> window,
            Function<Run, Checkpoint> beforeCrash, Consumer<Run> afterRestart) {
        List<List<Long>> seen = new ArrayList<>();
        Checkpoint atCrash;
        try (Run first = new Run(dir, window)) {
            atCrash = beforeCrash.apply(first);
            seen.addAll(first.out);
        }
        new CheckpointFile(dir).write(atCrash);
        try (Run second = new Run(dir, window)) {
            afterRestart.accept(second);
            seen.addAll(second.out);
        }
        return seen;
    }

    /**
     * Mirrors test_core.py::test_timed_window_ref_counts across a restart: the window holding 3 and
     * 4 at the cut is snapshotted, 5 is journaled after it, the process "crashes"; the restarted
     * window gets 3 and 4 back, 5 by replay, and its next tick sends [3, 4, 5], releasing only 5.
     */
    @Test
    void aRestoredTimedWindowSendsItsHeldElementsWithTheReplayedOnes(@TempDir Path dir) {
        List<List<Long>> seen = crashAndRestart(dir, TIMED_WINDOW, first -> {
            first.emit(1, 2, true);
            first.advance(SECOND);
            assertEquals(List.of(List.of(1L, 2L)), first.out);
            first.emit(3, 4, true);
            Checkpoint atCrash = new CheckpointFile(dir).read();
            assertEquals(4L, JournalProbe.valueAt(dir, atCrash.completedThrough(), -1),
                    "the cut is at the newest element although the timed window holds 3 and 4");
            assertEquals(2, first.source.inFlight(), "3 and 4 wait in the window");
            first.emit(5, 5, false);
            return atCrash;
        }, second -> {
            second.advance(SECOND);
            assertEquals(0, second.source.inFlight(), "5 was released once, and 3 and 4 released nothing");
        });
        assertEquals(List.of(List.of(1L, 2L), List.of(3L, 4L, 5L)), seen);
    }

    /**
     * Mirrors test_core.py::test_partition_timeout across a restart: 4 is held at the cut, 5 is
     * replayed into the restored partition, which then goes out short when its timeout (started
     * afresh at the restore) has passed, and not before.
     */
    @Test
    void aRestoredTimedPartitionGoesOutAtItsTimeout(@TempDir Path dir) {
        List<List<Long>> seen = crashAndRestart(dir, TIMED_PARTITION, first -> {
            first.emit(1, 4, true);
            Checkpoint atCrash = new CheckpointFile(dir).read();
            assertEquals(4L, JournalProbe.valueAt(dir, atCrash.completedThrough(), -1),
                    "the cut is at the newest element although the partition holds 4");
            first.emit(5, 5, false);
            first.advance(Duration.ZERO);
            assertEquals(List.of(List.of(1L, 2L, 3L)), first.out);
            return atCrash;
        }, second -> {
            second.advance(Duration.ofMillis(500));
            assertEquals(List.of(), second.out, "half the timeout: [4, 5] still waits");
            second.advance(Duration.ofMillis(500));
            assertEquals(List.of(List.of(4L, 5L)), second.out);
            assertEquals(0, second.source.inFlight(), "5 was released once, and 4 released nothing");
            second.emit(6, 8, true);
            assertEquals(8L, JournalProbe.valueAt(dir, second.source.checkpoint(), -1));
        });
        assertEquals(List.of(List.of(1L, 2L, 3L), List.of(4L, 5L), List.of(6L, 7L, 8L)), seen);
    }

    /**
     * A timed_window_unique keeps 3 and 4 at the cut; 5 and 6 are replayed after the restore, and
     * 6 is dropped as a repeat of the restored 3's key: the restored elements are keyed again.
     */
    @Test
    void aRestoredTimedWindowUniqueKeysItsElementsAgain(@TempDir Path dir) {
        List<List<Long>> seen = crashAndRestart(dir, TIMED_UNIQUE_BY_THREE, first -> {
            first.emit(1, 2, true);
            first.advance(SECOND);
            first.emit(3, 4, true);
            Checkpoint atCrash = new CheckpointFile(dir).read();
            assertEquals(4L, JournalProbe.valueAt(dir, atCrash.completedThrough(), -1),
                    "the cut is at the newest element although the node holds 3 and 4");
            first.emit(5, 6, false);
            return atCrash;
        }, second -> {
            second.advance(SECOND);
            assertEquals(0, second.source.inFlight(), "5 and 6 were released once, and 3 and 4 released nothing");
        });
        assertEquals(List.of(List.of(1L, 2L), List.of(3L, 4L, 5L)), seen);
    }

    /** A restore failing on the loop thread reaches the caller with the window's own message. */
    @Test
    void aStateTheTimedWindowCannotTakeIsRefusedByName(@TempDir Path dir) {
        try (Run run = new Run(dir, TIMED_PARTITION)) {
            WindowSnapshot<Long> timed = WindowSnapshot.of(run.source.timedWindow(SECOND), Codecs.LONG);
            WindowSnapshot<Long> keyed = WindowSnapshot.of(run.source.partition(3, x -> x % 2), Codecs.LONG);
            run.emit(1, 2, false);
            byte[] twoGroups = keyed.snapshot();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> timed.restore(twoGroups));
            assertTrue(e.getMessage().contains("timed_window") && e.getMessage().contains("at most one group"),
                    e.getMessage());
        }
    }
}
