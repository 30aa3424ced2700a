package io.streamz4j;

import static io.streamz4j.StderrCapture.stderrOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.runtime.EventLoop;
import io.streamz4j.sinks.ListSink;
import io.streamz4j.runtime.ManualClock;
import io.streamz4j.runtime.WaitStrategy;

import java.time.Duration;
import java.util.function.BiFunction;
import java.util.stream.Stream.Builder;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every node that keeps elements after {@code update} returns lets go of them when destroyed:
 * each element's references are released exactly once (never leaked, never twice, whether the
 * node is destroyed once, twice, or through its sources), and the elements it held that had not
 * been emitted in any form are counted in {@code droppedOnDestroy()} and named in one WARN line.
 * Time-based nodes run on a loop whose {@link ManualClock} never moves, so what they hold stays
 * held until the destroy.
 */
class HoldingNodesReleaseTest {
    private static final Duration SECOND = Duration.ofSeconds(1);

    private final EventLoop loop = EventLoop.create("holding", new ManualClock(), WaitStrategy.BLOCKING);

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    /** A holding node built below sources {@code a} and {@code b}, and how many of a's five and b's two it drops. */
    record Case(String name, boolean timed, BiFunction<Stream<Integer>, Stream<Integer>, Stream<?>> build,
            long dropped) {
        @Override
        public String toString() {
            return name;
        }
    }

    static java.util.stream.Stream<Case> holdingNodes() {
        Builder<Case> cases = java.util.stream.Stream.builder();
        cases.add(new Case("sliding_window, full", false, (a, b) -> a.slidingWindow(3), 0));
        cases.add(new Case("sliding_window, never full", false, (a, b) -> a.slidingWindow(10, false), 5));
        cases.add(new Case("partition", false, (a, b) -> a.partition(3), 2));
        cases.add(new Case("partition by key", false, (a, b) -> a.partition(3, x -> x % 2), 2));
        cases.add(new Case("partition with a timeout", true, (a, b) -> a.partition(3, SECOND), 2));
        cases.add(new Case("partition_unique", false, (a, b) -> a.partitionUnique(10), 5));
        cases.add(new Case("zip", false, (a, b) -> a.zip(b), 3));
        cases.add(new Case("combine_latest", false, (a, b) -> a.combineLatest(b), 0));
        cases.add(new Case("zip_latest, waiting", false, (a, b) -> a.zipLatest(b.filter(x -> false)), 5));
        cases.add(new Case("zip_latest, other's latest", false, (a, b) -> b.zipLatest(a), 0));
        cases.add(new Case("collect", false, (a, b) -> a.collect(), 5));
        cases.add(new Case("latest", false, (a, b) -> a.latest(), 0));
        cases.add(new Case("unique", false, (a, b) -> a.unique(), 0));
        cases.add(new Case("buffer", false, (a, b) -> a.buffer(10), 0));
        cases.add(new Case("delay", true, (a, b) -> a.delay(SECOND), 4));
        cases.add(new Case("timed_window", true, (a, b) -> a.timedWindow(SECOND), 5));
        cases.add(new Case("timed_window_unique", true, (a, b) -> a.timedWindowUnique(SECOND), 5));
        cases.add(new Case("rate_limit", false, (a, b) -> a.rateLimit(Duration.ofNanos(1)), 0));
        cases.add(new Case("sink_to_list", false, (a, b) -> Stream.build(() -> new ListSink<>(a)), 0));
        return cases.build();
    }

    private Stream<Integer> source(String name, boolean timed) {
        return timed ? new Stream<>(name, loop) : new Stream<>(name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("holdingNodes")
    void destroyingTheSourcesReleasesEveryHeldElementExactlyOnce(Case c) {
        Held h = hold(c);
        if (c.timed()) {
            Await.loopCaughtUp(loop); // the time nodes have taken in (and a delay let out) what they will hold
        }

        String log = stderrOf(() -> {
            h.a().destroy();
            h.b().destroy();
        });

        assertNull(h.tracked().notReleasedExactlyOnce(), c.name());
        assertEquals(c.dropped(), h.node().droppedOnDestroy(), c.name() + ": dropped");
        if (c.dropped() > 0) {
            assertTrue(log.contains("WARN") && log.contains(h.node().toString()) && log.contains(c.dropped() + " element"),
                    log);
        }
        // destroying again, through any node, releases nothing twice and counts nothing again
        h.a().destroy();
        h.node().destroy();
        assertNull(h.tracked().notReleasedExactlyOnce(), c.name() + ", destroyed twice");
        assertEquals(c.dropped(), h.node().droppedOnDestroy());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("holdingNodes")
    void destroyingTheNodeItselfReleasesWhatItHolds(Case c) {
        Held h = hold(c);

        h.node().destroy();
        h.node().destroy();
        h.a().destroy();
        h.b().destroy();

        assertNull(h.tracked().notReleasedExactlyOnce(), c.name());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("holdingNodes")
    void closingThePipelineReleasesEveryHeldElementExactlyOnce(Case c) {
        Held h = hold(c);

        h.node().close();
        h.a().destroy();
        h.node().close();

        assertNull(h.tracked().notReleasedExactlyOnce(), c.name());
        assertTrue(h.a().isDestroyed() && h.node().isDestroyed(), "close destroys the whole pipeline");
        h.b().destroy();
    }

    /** Sources a and b, the case's node below them, and the elements emitted through them. */
    private record Held(Stream<Integer> a, Stream<Integer> b, Stream<?> node, Tracked tracked) {
    }

    /** Builds the case's node below two sources and emits five elements into a and two into b. */
    private Held hold(Case c) {
        Stream<Integer> a = source("a", c.timed());
        Stream<Integer> b = source("b", c.timed());
        Stream<?> node = c.build().apply(a, b);
        Tracked tracked = new Tracked();
        for (int i = 0; i < 5; i++) {
            tracked.emit(a, i);
        }
        for (int i = 0; i < 2; i++) {
            tracked.emit(b, 10 + i);
        }
        return new Held(a, b, node, tracked);
    }
}
