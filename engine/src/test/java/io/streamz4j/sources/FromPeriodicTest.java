package io.streamz4j.sources;

import static io.streamz4j.ThreadSafeSink.collect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.Await;
import io.streamz4j.Source;
import io.streamz4j.Stream;
import io.streamz4j.plugin.PluginEntry;
import io.streamz4j.plugin.PluginRegistry;
import io.streamz4j.runtime.EventLoop;
import io.streamz4j.runtime.ManualClock;
import io.streamz4j.runtime.WaitStrategy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * from_periodic: a function called at start and then every poll interval of the loop's clock,
 * each result emitted. The clock is a {@link ManualClock}: a call happens only when the test
 * moves it, so every count is exact.
 */
class FromPeriodicTest {
    private static final Duration POLL = Duration.ofMillis(100);

    private final ManualClock clock = new ManualClock();
    private final EventLoop loop = EventLoop.create("from-periodic-test", clock, WaitStrategy.BLOCKING);
    private final List<Stream<?>> sources = new ArrayList<>();

    @AfterEach
    void tearDown() {
        sources.forEach(Stream::destroy);
        loop.close();
    }

    private <T> Source<T> periodic(Supplier<? extends T> callback, boolean start) {
        Source<T> source = Stream.fromPeriodic(callback, POLL, start, loop);
        sources.add(source);
        return source;
    }

    private void advance(Duration by) {
        Await.loopCaughtUp(loop);
        clock.advance(by);
        Await.loopCaughtUp(loop);
    }

    @Test
    void periodic() {
        // mirrors streamz tests/test_sources.py::test_periodic
        Source<Boolean> s = periodic(() -> true, false);
        List<Boolean> l = collect(s);
        assertTrue(s.isStopped());
        s.start();
        Await.until(() -> !l.isEmpty(), "the first call");   // wait_for(lambda: l, ...)
        advance(POLL);
        assertTrue(l.size() > 1, l::toString);                // wait_for(lambda: len(l) > 1, ...)
        assertTrue(l.stream().allMatch(x -> x), l::toString); // assert all(l)
    }

    @Test
    void callsAtStartThenOncePerIntervalUntilStopped() {
        AtomicInteger calls = new AtomicInteger();
        Source<Integer> s = periodic(calls::incrementAndGet, false);
        List<Integer> l = collect(s);
        clock.advance(POLL.multipliedBy(5));   // the loop does not even run before a start
        assertFalse(loop.isRunning());
        assertEquals(List.of(), l, "nothing before start");

        s.start();
        advance(Duration.ZERO);
        assertEquals(List.of(1), l);
        advance(POLL.minusMillis(1));
        assertEquals(List.of(1), l, "not before the interval has passed");
        advance(Duration.ofMillis(1));
        assertEquals(List.of(1, 2), l);
        advance(POLL);
        assertEquals(List.of(1, 2, 3), l);

        loop.acquire();   // keeps the loop running once the source lets go of it, to show it polls no more
        s.stop();
        advance(POLL.multipliedBy(3));
        loop.release();
        assertEquals(List.of(1, 2, 3), l);
        assertEquals(3, calls.get());
    }

    @Test
    void startingAtOnceAndEmittingNullAsStreamzEmitsNone() {
        Source<Object> s = periodic(() -> null, true);
        List<Object> l = new CopyOnWriteArrayList<>();
        s.sink(l::add);
        advance(POLL);
        assertFalse(s.isStopped());
        assertFalse(l.isEmpty());
        assertTrue(l.stream().allMatch(x -> x == null), l::toString);
    }

    @Test
    void aFailingCallIsReportedForTheSourceAndPollingGoesOn() {
        IllegalStateException boom = new IllegalStateException("no data");
        AtomicInteger calls = new AtomicInteger();
        Source<Integer> s = periodic(() -> {
            if (calls.incrementAndGet() == 2) {
                throw boom;
            }
            return calls.get();
        }, false);
        List<Throwable> reported = new CopyOnWriteArrayList<>();
        List<Stream<?>> nodes = new CopyOnWriteArrayList<>();
        s.onError((node, element, error) -> {
            nodes.add(node);
            reported.add(error);
        });
        List<Integer> l = collect(s);

        s.start();
        advance(POLL);
        advance(POLL);

        assertEquals(List.of(1, 3), l);
        assertEquals(List.of(boom), reported);
        assertSame(s, nodes.get(0));
        assertEquals(1, s.errorCount());
    }

    @Test
    void badArgumentsAreRefused() {
        refused("callback", () -> Stream.fromPeriodic(null, POLL, false, loop));
        refused("pollInterval", () -> Stream.fromPeriodic(() -> 1, null, false, loop));
        refused("pollInterval", () -> Stream.fromPeriodic(() -> 1, Duration.ZERO, false, loop));
        refused("pollInterval", () -> Stream.fromPeriodic(() -> 1, Duration.ofMillis(-1), false, loop));
    }

    @Test
    void itsNamesAreBuiltinsThatNoPluginMayTake() {
        PluginRegistry registry = PluginRegistry.of(() -> List.of(
                PluginEntry.source("from_periodic", "x.A"), PluginEntry.source("fromPeriodic", "x.B")));
        assertTrue(registry.entry("from_periodic").isEmpty());
        assertTrue(registry.entry("fromPeriodic").isEmpty());
        assertEquals(2, registry.warnings().size(), registry.warnings().toString());
    }

    private static void refused(String parameter, Executable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertTrue(e.getMessage().startsWith("from_periodic: parameter '" + parameter + "'"), e.getMessage());
    }
}
