package io.streamz4j.time;

import static io.streamz4j.ThreadSafeSink.collect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.Await;
import io.streamz4j.Metadata;
import io.streamz4j.RefCounter;
import io.streamz4j.Stream;
import io.streamz4j.core.PartitionUnique.Keep;
import io.streamz4j.runtime.EventLoop;
import io.streamz4j.runtime.ManualClock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * timed_window and timed_window_unique: ports of streamz 0.6.4's {@code streamz/tests/test_core.py}
 * time cases, driven by a {@link ManualClock}: the test moves time and then waits until the loop
 * has caught up ({@link Await#loopCaughtUp}), so every window is known exactly and nothing depends
 * on how long a sleep lasts.
 *
 * <p>A timed window sends its first list as soon as the loop runs. streamz's asynchronous tests
 * build the pipeline before its loop runs; here the loop thread runs at once, so the tests hold
 * the loop ({@link Await#holding}) while wiring and then see that first, empty list, as streamz's
 * synchronous {@code Stream()} shows it.
 *
 * <p>Adapted: test_timed_window_backpressure. In streamz, {@code emit} returns the future of the
 * window's last emission, so a slow sink holds the producer back. Here the producer hands elements
 * to the loop through its bounded inbox ring; a slow sink blocks the loop, the inbox fills and the
 * producer is held back there, and nothing is lost.
 */
class TimedWindowTest {
    private static final String LOOP = "timed-window-test";

    private final ManualTimeLoop time = new ManualTimeLoop(LOOP);
    private final ManualClock clock = time.clock;
    private final EventLoop loop = time.loop;

    @AfterEach
    void tearDown() {
        time.close();
    }

    private <T> Stream<T> source() {
        return time.source("tw");
    }

    private static <T> List<T> flatten(List<List<T>> windows) {
        List<T> all = new ArrayList<>();
        windows.forEach(all::addAll);
        return all;
    }

    private static List<Map<String, Object>> v(int value) {
        return List.of(Map.of("v", value));
    }

    private static List<Map<String, Object>> ref(RefCounter r) {
        return Metadata.withRef(r);
    }

    @Test
    void timedWindow() {
        // mirrors streamz tests/test_core.py::test_timed_window
        Stream<Integer> source = source();
        List<String> threads = new CopyOnWriteArrayList<>();
        List<List<Integer>> l;
        try (Await.Hold hold = Await.holding(loop)) {
            Stream<List<Integer>> a = source.timedWindow(Duration.ofMillis(10));
            a.sink(x -> threads.add(Thread.currentThread().getName()));
            l = collect(a);
        }

        for (int i = 0; i < 10; i++) {
            source.emit(i);
            time.advance(4);
        }

        time.advance(10);  // gen.sleep(a.interval)
        assertFalse(l.isEmpty());
        assertEquals(IntStream.range(0, 10).boxed().toList(), flatten(l));
        assertTrue(l.stream().allMatch(x -> x.size() <= 3), l::toString);
        assertTrue(l.stream().anyMatch(x -> x.size() >= 2), l::toString);

        time.advance(100);
        assertTrue(l.get(l.size() - 1).isEmpty(), l::toString);

        // With a manual clock the windows are exact: the first at once, each next one interval
        // after the previous emission, fired at the first step of 4 ms past its deadline.
        assertEquals(List.of(List.of(), List.of(0, 1, 2), List.of(3, 4, 5), List.of(6, 7, 8), List.of(9), List.of()), l);
        // assert a.loop is IOLoop.current(): the windows are emitted on the pipeline's loop
        assertEquals(List.of("streamz4j-loop-" + LOOP), threads.stream().distinct().toList());
    }

    @Test
    void timedWindowRefCounts() {
        // mirrors streamz tests/test_core.py::test_timed_window_ref_counts
        Stream<Integer> source = source();
        source.timedWindow(Duration.ofMillis(10));
        Await.loopCaughtUp(loop);

        RefCounter ref1 = new RefCounter();
        assertEquals("<RefCounter count=0>", ref1.toString());
        source.emit(1, ref(ref1));
        Await.loopCaughtUp(loop);
        assertEquals(1, ref1.count());   // held in the window
        time.advance(5);
        assertEquals(1, ref1.count());   // still held: the window is not due yet
        time.advance(45);                     // gen.sleep(0.05)

        RefCounter ref2 = new RefCounter();
        source.emit(2, ref(ref2));
        Await.loopCaughtUp(loop);
        assertEquals(0, ref1.count());
        assertEquals(1, ref2.count());
    }

    @Test
    void timedWindowReleasesWhenEmittedAndRetainsForTheDownstream() {
        // The references of a window's elements are held until the window has been emitted and its
        // downstream has returned; the callback then runs once per element.
        Stream<Integer> source = source();
        List<Integer> countsSeenDownstream = new CopyOnWriteArrayList<>();
        AtomicInteger zeros = new AtomicInteger();
        RefCounter r1 = new RefCounter(0, zeros::incrementAndGet);
        RefCounter r2 = new RefCounter(0, zeros::incrementAndGet);
        source.timedWindow(Duration.ofMillis(10)).sink(w -> {
            if (!w.isEmpty()) {
                countsSeenDownstream.add(r1.count());
                countsSeenDownstream.add(r2.count());
            }
        });
        source.emit(1, ref(r1));
        source.emit(2, ref(r2));
        Await.loopCaughtUp(loop);
        assertEquals(List.of(1, 1), List.of(r1.count(), r2.count()));
        assertEquals(0, zeros.get());

        time.advance(10);
        assertEquals(List.of(2, 2), countsSeenDownstream);  // the window's hold and the emission's
        assertEquals(List.of(0, 0), List.of(r1.count(), r2.count()));
        assertEquals(2, zeros.get());
    }

    @Test
    void aRestoredTimedWindowSendsItsValuesWithTheNextListAndReleasesOnlyNewElements() {
        // What a checkpoint snapshot relies on (WindowContents): values put back on the loop hold
        // no references and go out with the next list, after the elements that arrive meanwhile.
        Stream<Integer> source = source();
        TimedWindow<Integer> window = (TimedWindow<Integer>) source.timedWindow(Duration.ofMillis(10));
        List<List<Integer>> out = collect(window.filter(w -> !w.isEmpty()));
        assertSame(loop, window.contentsLoop());
        CountDownLatch restored = new CountDownLatch(1);
        loop.execute(() -> {
            window.restoreHeld(List.of(List.of(7, 8)));
            restored.countDown();
        });
        Await.until(() -> restored.getCount() == 0, "the restore to run on the loop");
        RefCounter nine = new RefCounter();
        source.emit(9, ref(nine));
        Await.loopCaughtUp(loop);
        assertEquals(List.of(List.of(7, 8, 9)), window.heldValues());
        assertEquals(1, window.heldMetadata().size(), "only 9 holds a reference");
        time.advance(10);
        assertEquals(List.of(List.of(7, 8, 9)), out);
        assertEquals(0, nine.count(), "9 was released once; 7 and 8 released nothing");
        IllegalArgumentException twoGroups = assertThrows(IllegalArgumentException.class,
                () -> window.restoreHeld(List.of(List.of(1), List.of(2))));
        assertTrue(twoGroups.getMessage().contains("timed_window"), twoGroups.getMessage());
    }

    @Test
    void timedWindowMetadata() {
        // mirrors streamz tests/test_core.py::test_timed_window_metadata
        Stream<Integer> source = source();
        List<List<Map<String, Object>>> l = collect(new MetadataOf(source.timedWindow(Duration.ofMillis(60))));

        source.emit(0);
        source.emit(1, v(1));
        time.advance(100);
        source.emit(2, v(2));
        source.emit(3, v(3));
        time.advance(100);
        assertEquals(List.of(
                List.of(Map.of("v", 1)),                   // first emit because 0 has no metadata
                List.of(Map.of("v", 2), Map.of("v", 3))),  // second emit
                l);
    }

    @Test
    void timedWindowTimedelta() {
        // mirrors streamz tests/test_core.py::test_timed_window_timedelta
        // streamz takes '10ms' and converts it to seconds; a Duration is the Java form of it.
        Stream<Integer> source = source();
        Stream<List<Integer>> a = source.timedWindow(Duration.ofMillis(10));
        assertEquals("<timed_window: 0.01>", a.toString());   // assert a.interval == 0.010
    }

    @Test
    void timedWindowStr() {
        // mirrors streamz tests/test_core.py::test_timed_window_str
        Stream<Integer> source = source();
        Stream<List<Integer>> s = source.timedWindow(Duration.ofMillis(50));
        assertEquals("<timed_window: 0.05>", s.toString());
    }

    @Test
    void timedWindowBackpressure() throws InterruptedException {
        // mirrors streamz tests/test_core.py::test_timed_window_backpressure (adapted, see the class comment)
        Stream<Integer> source = source();
        CountDownLatch sinkMayGo = new CountDownLatch(1);
        List<List<Integer>> windows = new CopyOnWriteArrayList<>();
        try (Await.Hold hold = Await.holding(loop)) {
            source.timedWindow(Duration.ofMillis(10)).sink(w -> {
                windows.add(w);
                try {
                    sinkMayGo.await();   // a slow reader: the loop is stuck in the first window's sink
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        Await.until(() -> windows.size() == 1, "the first window to reach the stuck sink");

        int n = 20_000;
        AtomicInteger produced = new AtomicInteger();
        Thread producer = new Thread(() -> {
            for (int i = 0; i < n; i++) {
                source.emit(i);
                produced.incrementAndGet();
            }
        }, "test-producer");
        producer.start();

        Await.until(() -> produced.get() >= 4_000, "the producer to fill the loop's inbox");
        Await.blocked(producer);
        // The loop's inbox holds 4096 elements; the producer cannot get further while the sink is stuck.
        assertTrue(produced.get() <= 4096, () -> "the producer ran " + produced.get() + " elements ahead");
        assertEquals(1, windows.size());

        sinkMayGo.countDown();
        producer.join(Await.TIMEOUT.toMillis());
        assertEquals(n, produced.get());
        time.advance(10);
        assertEquals(IntStream.range(0, n).boxed().toList(), flatten(windows));   // nothing lost, in order
    }

    private static java.util.stream.Stream<Object[]> uniqueCases() {
        Function<Object, Object> identity = Function.identity();
        Function<Object, Object> len = x -> ((String) x).length();
        Function<Object, Object> id = x -> ((Map<?, ?>) x).get("id");
        Map<String, Object> bar = Map.of("id", 0, "foo", "bar");
        Map<String, Object> bat = Map.of("id", 1, "foo", "bat");
        Map<String, Object> baz = Map.of("id", 0, "foo", "baz");
        return java.util.stream.Stream.of(
                new Object[] {identity, Keep.FIRST, List.of(1, 2, 1, 3, 1, 3, 3, 2), List.of(1, 2, 3)},
                new Object[] {identity, Keep.LAST, List.of(1, 2, 1, 3, 1, 3, 3, 2), List.of(1, 3, 2)},
                new Object[] {len, Keep.LAST, List.of("f", "fo", "f", "foo", "f", "foo", "foo", "fo"),
                    List.of("f", "foo", "fo")},
                new Object[] {id, Keep.FIRST, List.of(bar, bat, baz), List.of(bar, bat)},
                new Object[] {id, Keep.LAST, List.of(bar, bat, baz), List.of(bat, baz)});
    }

    @Test
    @SuppressWarnings("unchecked")
    void timedWindowUnique() {
        // mirrors streamz tests/test_core.py::test_timed_window_unique
        for (Object[] test : uniqueCases().toList()) {
            Function<Object, Object> key = (Function<Object, Object>) test[0];
            Keep keep = (Keep) test[1];
            List<Object> elements = (List<Object>) test[2];
            List<Object> expected = (List<Object>) test[3];

            Stream<Object> source = source();
            List<String> threads = new CopyOnWriteArrayList<>();
            List<List<Object>> l;
            try (Await.Hold hold = Await.holding(loop)) {
                Stream<List<Object>> a = source.timedWindowUnique(Duration.ofMillis(50), key, keep);
                a.sink(x -> threads.add(Thread.currentThread().getName()));
                l = collect(a);
            }
            Await.loopCaughtUp(loop);
            assertEquals(List.of(List.of()), l);   // the first window, at once

            for (Object ele : elements) {
                source.emit(ele);
            }
            time.advance(50);   // gen.sleep(a.interval)

            List<List<Object>> windows = l.subList(1, l.size());
            assertFalse(windows.isEmpty());
            assertTrue(windows.stream().flatMap(List::stream).allMatch(elements::contains));
            assertTrue(windows.stream().mapToInt(List::size).sum() <= elements.size());
            assertEquals(List.of(expected), windows, () -> keep + " " + elements);

            time.advance(50);
            assertTrue(l.get(l.size() - 1).isEmpty());
            assertEquals(List.of("streamz4j-loop-" + LOOP), threads.stream().distinct().toList());
            source.destroy();
        }
    }

    @Test
    void timedWindowUniqueRefCounts() {
        // The kept element's references are held until its window is emitted; a repeat that is
        // dropped is released at once (streamz 0.6.4 retains it and never releases it).
        Stream<Integer> source = source();
        source.timedWindowUnique(Duration.ofMillis(10), x -> x, Keep.FIRST);
        RefCounter first = new RefCounter();
        RefCounter repeat = new RefCounter();
        source.emit(1, ref(first));
        source.emit(1, ref(repeat));
        Await.loopCaughtUp(loop);
        assertEquals(1, first.count());
        assertEquals(0, repeat.count());
        time.advance(10);
        assertEquals(0, first.count());
    }

    /** streamz's {@code utils_test.metadata}: emits each element's metadata when it has some. */
    private static final class MetadataOf extends Stream<List<Map<String, Object>>> {
        MetadataOf(Stream<?> upstream) {
            super(null, upstream);
        }

        @Override
        public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
            if (!metadata.isEmpty()) {
                emitDownstream(metadata, Metadata.NONE);
            }
        }
    }
}
