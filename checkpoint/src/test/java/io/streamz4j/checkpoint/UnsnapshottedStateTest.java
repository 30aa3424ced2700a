package io.streamz4j.checkpoint;

import io.streamz4j.Stream;
import io.streamz4j.runtime.EventLoop;
import io.streamz4j.runtime.ManualClock;
import io.streamz4j.runtime.WaitStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * State that will not survive a restart is named, not lost silently: at start() every stateful
 * node below a journaled source that no snapshot covers, and after start() every node connected
 * below it, which missed the replay; a warning or a refusal, as the source's
 * {@link UnsnapshottedState} says.
 */
class UnsnapshottedStateTest {
    private static final Duration SECOND = Duration.ofSeconds(1);

    private static JournaledSource<Long> open(Path dir, UnsnapshottedState policy, EventLoop loop) {
        return JournaledSource.builder(dir, Codecs.LONG).checkpointInterval(Duration.ZERO).loop(loop)
                .unsnapshottedState(policy).build();
    }

    /** One of each kind of stateful node, below a map and a join too; the accumulate and one unique snapshotted. */
    private static final class Pipeline {
        final List<Stream<?>> unsnapshotted = new ArrayList<>();

        Pipeline(JournaledSource<Long> source) {
            Stream<Long> sum = source.accumulate((Long acc, Long x) -> acc + x, 0L);
            source.snapshot("sum", AccumulateSnapshot.of(sum, Codecs.LONG));
            Stream<Long> covered = source.unique();
            source.snapshot("unique", NodeSnapshot.of(covered, Codecs.LONG));
            Stream<Long> mapped = source.map(x -> x + 1);
            unsnapshotted.add(mapped.unique());
            unsnapshotted.add(mapped.latest());
            unsnapshotted.add(mapped.frequencies());
            unsnapshotted.add(source.zip(mapped));
            unsnapshotted.add(source.slidingWindow(2));
            unsnapshotted.add(source.rateLimit(Duration.ofNanos(1)));
            unsnapshotted.add(source.slice(1, null, 1));
            unsnapshotted.add(source.delay(SECOND));
            unsnapshotted.add(source.timedWindowUnique(SECOND));
        }

        /** The names start() gives, in the order a walk from the source reaches the nodes. */
        List<String> named(JournaledSource<Long> source) {
            List<String> named = new ArrayList<>();
            for (Stream<?> node : StateCoverage.below(source)) {
                if (unsnapshotted.contains(node)) {
                    named.add(node + " (" + StateCoverage.remedy(node) + ")");
                }
            }
            return named;
        }
    }

    @Test
    void startWarnsNamingEveryStatefulNodeNoSnapshotCovers(@TempDir Path dir) {
        try (EventLoop loop = manualLoop(); JournaledSource<Long> source = open(dir, UnsnapshottedState.WARN, loop)) {
            Pipeline pipeline = new Pipeline(source);
            List<String> named = pipeline.named(source);
            assertEquals(pipeline.unsnapshotted.size(), named.size());
            assertEquals(named, source.unsnapshottedNodes());
            assertTrue(named.contains("<unique> (register NodeSnapshot.of(node, codec))"), named.toString());
            assertTrue(named.contains("<frequencies; accumulate> (register AccumulateSnapshot.of(node, codec))"),
                    named.toString());
            assertTrue(named.contains("<sliding_window: 2> (register WindowSnapshot.of(node, codec))"),
                    named.toString());
            assertTrue(named.contains("<delay: 1.0> (no snapshot stores its state: it restarts from its initial"
                    + " state)"), named.toString());
            String logged = stderrOf(source::start);
            assertTrue(logged.contains("these nodes keep state that no registered snapshot stores")
                    && logged.contains(String.join(", ", named)), logged);
            source.emit(1L); // started
        }
    }

    @Test
    void startRefusesNamingEveryStatefulNodeAndWhatToRegister(@TempDir Path dir) {
        try (EventLoop loop = manualLoop(); JournaledSource<Long> source = open(dir, UnsnapshottedState.REFUSE, loop)) {
            Pipeline pipeline = new Pipeline(source);
            IllegalStateException e = assertThrows(IllegalStateException.class, source::start);
            assertTrue(e.getMessage().contains(String.join(", ", pipeline.named(source)))
                    && e.getMessage().contains("register their snapshots with snapshot(name, ...) before start()"),
                    e.getMessage());
            assertTrue(source.isStopped());
            assertThrows(IllegalStateException.class, () -> source.emit(1L), "not started");
        }
    }

    /** After a refused start the pipeline may be completed and started again: it did not start. */
    @Test
    void aRefusedStartCanBeMendedAndRetried(@TempDir Path dir) {
        try (EventLoop loop = manualLoop(); JournaledSource<Long> source = open(dir, UnsnapshottedState.REFUSE, loop)) {
            Stream<Long> unique = source.unique();
            assertThrows(IllegalStateException.class, source::start);
            source.snapshot("unique", NodeSnapshot.of(unique, Codecs.LONG));
            List<Long> out = unique.sinkToList(); // no replay has run: not a late branch
            source.start();
            source.emit(1L);
            source.emit(1L);
            assertEquals(List.of(1L), out);
        }
    }

    @Test
    void startGoesOnWhenEveryStatefulNodeIsSnapshotted(@TempDir Path dir) {
        try (EventLoop loop = manualLoop(); JournaledSource<Long> source = open(dir, UnsnapshottedState.REFUSE, loop)) {
            Stream<List<Object>> joined = source.combineLatest(source.map(x -> -x));
            source.snapshot("joined", NodeSnapshot.of(joined, Codecs.LONG));
            Stream<Long> sum = joined.map(t -> (Long) t.get(0)).accumulate((Long acc, Long x) -> acc + x, 0L);
            source.snapshot("sum", AccumulateSnapshot.of(sum, Codecs.LONG));
            List<Long> out = sum.sinkToList();
            assertEquals(List.of(), source.unsnapshottedNodes());
            source.start();
            source.emit(1L);
            source.emit(2L);
            assertEquals(List.of(1L, 2L, 4L), out);
        }
    }

    @Test
    void aNodeConnectedBelowAfterStartIsWarnedAbout(@TempDir Path dir) {
        try (EventLoop loop = manualLoop(); JournaledSource<Long> source = open(dir, UnsnapshottedState.WARN, loop)) {
            Stream<Long> mapped = source.map(x -> x);
            String before = stderrOf(() -> mapped.sinkToList());
            assertEquals("", before, "wiring before start() is fine");
            source.start();
            AtomicReference<List<Long>> late = new AtomicReference<>();
            String logged = stderrOf(() -> late.set(mapped.filter(x -> x > 0).sinkToList()));
            assertTrue(logged.contains("<filter> is being connected below it after start(), so it missed the replay"),
                    logged);
            source.emit(1L);
            assertEquals(List.of(1L), late.get(), "warned, and connected");
        }
    }

    @Test
    void aNodeConnectedBelowAfterStartIsRefused(@TempDir Path dir) {
        try (EventLoop loop = manualLoop(); JournaledSource<Long> source = open(dir, UnsnapshottedState.REFUSE, loop)) {
            Stream<Long> mapped = source.map(x -> x);
            source.start();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> mapped.map(x -> x * 2));
            assertTrue(e.getMessage().contains("<map> is being connected below it after start()")
                    && e.getMessage().contains("refused"), e.getMessage());
            assertEquals(List.of(), mapped.downstreams(), "nothing connected");
            Stream<Long> other = new Stream<>();
            Stream<Long> elsewhere = other.map(x -> x);
            assertThrows(IllegalStateException.class, () -> source.connect(elsewhere));
            assertEquals(List.of(mapped), source.downstreams(), "connect() refused too");
            assertThrows(IllegalStateException.class, () -> source.zip(other),
                    "a join with the source among its upstreams");
            assertEquals(List.of(), other.downstreams().stream().filter(d -> d != elsewhere).toList(),
                    "the refused join is connected to none of its upstreams");
            other.map(x -> x); // a pipeline of its own is no business of the source
        }
    }

    @Test
    void aNullPolicyIsRefusedNamingTheParameter(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JournaledSource.builder(dir, Codecs.LONG).unsnapshottedState(null));
        assertEquals("journaled source: parameter 'unsnapshottedState' must not be null", e.getMessage());
    }

    private static EventLoop manualLoop() {
        return EventLoop.create("unsnapshotted-state", new ManualClock(), WaitStrategy.BLOCKING);
    }

    /** What slf4j-simple logged to System.err while {@code action} ran. */
    private static String stderrOf(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
