package io.streamz4j.time;

import static io.streamz4j.ThreadSafeSink.collect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.Await;
import io.streamz4j.Metadata;
import io.streamz4j.RefCounter;
import io.streamz4j.Stream;
import io.streamz4j.runtime.EventLoop;
import io.streamz4j.runtime.ManualClock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * delay: ports of streamz 0.6.4's {@code test_delay} and {@code test_delay_ref_counts}, driven by a
 * {@link ManualClock}, plus the timing rules of streamz 0.6.4's delay (checked with the oracle): an
 * element reaching an idle delay goes out at once, a burst goes out one interval apart, and after
 * a pause the first two elements of a burst go out together.
 *
 * <p>streamz's test asserts that nothing is out right after the emits: its loop has not run yet.
 * Here the loop runs at once, and an idle delay lets the first element out at once, so the tests
 * assert exactly that one element is out once the loop has caught up.
 */
class DelayTest {
    private final ManualTimeLoop time = new ManualTimeLoop("delay-test");
    private final ManualClock clock = time.clock;
    private final EventLoop loop = time.loop;
    private final Stream<Integer> source = time.source("delay");

    @AfterEach
    void tearDown() {
        time.close();
    }

    @Test
    void delay() {
        // mirrors streamz tests/test_core.py::test_delay
        List<Integer> l = collect(source.delay(Duration.ofMillis(20)));

        for (int i = 0; i < 5; i++) {
            source.emit(i);
        }
        Await.loopCaughtUp(loop);
        assertEquals(List.of(0), l);   // streamz: assert not L, before its loop has run

        time.advance(40);
        assertTrue(l.size() < 5, l::toString);

        time.advance(100);
        assertEquals(List.of(0, 1, 2, 3, 4), l);
    }

    @Test
    void delayEmitsOnePerIntervalOnTheLoop() {
        List<Long> times = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        source.delay(Duration.ofMillis(20)).sink(x -> {
            times.add(clock.nanoTime() / 1_000_000);
            threads.add(Thread.currentThread().getName());
        });
        for (int i = 0; i < 5; i++) {
            source.emit(i);
        }
        for (int step = 0; step < 30; step++) {
            time.advance(5);
        }
        assertEquals(List.of(0L, 20L, 40L, 60L, 80L), times);
        assertEquals(List.of("streamz4j-loop-delay-test"), threads.stream().distinct().toList());
    }

    @Test
    void delayAfterAPause() {
        // streamz 0.6.4: delay(0.1) with 'a' at 0 s and 'b', 'c', 'd' at 0.35 s emits them at
        // 0, 0.35, 0.35 and 0.45 s: the wait after an element counts from when the loop began
        // waiting for it, which after a pause lies in the past.
        List<String> out = new CopyOnWriteArrayList<>();
        Stream<String> strings = new Stream<>("delay-strings", loop);
        strings.delay(Duration.ofMillis(100)).sink(x -> out.add(x + "@" + clock.nanoTime() / 1_000_000));
        try {
            strings.emit("a");
            Await.loopCaughtUp(loop);
            for (int step = 0; step < 35; step++) {
                time.advance(10);
            }
            strings.emit("b");
            strings.emit("c");
            strings.emit("d");
            Await.loopCaughtUp(loop);
            for (int step = 0; step < 20; step++) {
                time.advance(10);
            }
            assertEquals(List.of("a@0", "b@350", "c@350", "d@450"), out);
        } finally {
            strings.destroy();
        }
    }

    @Test
    void delayRefCounts() {
        // mirrors streamz tests/test_core.py::test_delay_ref_counts
        source.delay(Duration.ofMillis(10));

        List<RefCounter> refs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            RefCounter r = new RefCounter();
            refs.add(r);
            source.emit(i, Metadata.withRef(r));
        }
        Await.loopCaughtUp(loop);
        // streamz: all(r.count == 1), before its loop runs. Here the first is out at once; the
        // queued ones are held.
        assertEquals(List.of(0, 1, 1, 1, 1), refs.stream().map(RefCounter::count).toList());

        time.advance(10);
        assertEquals(List.of(0, 0, 1, 1, 1), refs.stream().map(RefCounter::count).toList());

        for (int step = 0; step < 4; step++) {   // gen.sleep(0.05), time flowing as it does
            time.advance(10);
        }
        assertTrue(refs.stream().allMatch(r -> r.count() == 0));
    }

    @Test
    void delayHoldsReferencesUntilTheDownstreamHasReturned() {
        RefCounter r = new RefCounter();
        List<Integer> seenDownstream = new CopyOnWriteArrayList<>();
        source.delay(Duration.ofMillis(10)).sink(x -> {
            if (x == 1) {
                seenDownstream.add(r.count());
            }
        });
        source.emit(0);
        source.emit(1, Metadata.withRef(r));
        Await.loopCaughtUp(loop);
        assertEquals(1, r.count());
        assertEquals(List.of(), seenDownstream);
        time.advance(10);
        assertEquals(List.of(2), seenDownstream);   // the queue's hold and the emission's
        assertEquals(0, r.count());
    }
}
