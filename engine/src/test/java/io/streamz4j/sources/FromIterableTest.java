package io.streamz4j.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.Source;
import io.streamz4j.Stream;
import io.streamz4j.runtime.Clock;
import io.streamz4j.runtime.EventLoop;
import io.streamz4j.runtime.WaitStrategy;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/**
 * from_iterable, whose {@code start()} runs on the calling thread: streamz's cases. streamz's
 * back-pressure cases hold the source in a rate_limit; here rate_limit reads a clock whose
 * sleeps wait for the test, so "the source is held back with element 1" is a state the test
 * reaches and checks, not a moment a sleep hopes to hit.
 */
class FromIterableTest {

    /** A clock whose {@link #sleepNanos} blocks until the test lets one sleeper through. */
    private static final class GatedClock implements Clock {
        private final AtomicLong now = new AtomicLong();
        private final Semaphore gate = new Semaphore(0);
        private final AtomicInteger sleeping = new AtomicInteger();

        @Override
        public long nanoTime() {
            return now.get();
        }

        @Override
        public void sleepNanos(long nanos) {
            sleeping.incrementAndGet();
            try {
                if (!gate.tryAcquire(Waits.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("the test never let the sleeper through");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sleeping.decrementAndGet();
            now.addAndGet(nanos);
        }

        boolean someoneSleeps() {
            return sleeping.get() > 0;
        }

        void letEveryoneThrough() {
            gate.release(1_000);
        }
    }

    /** 0, 1, ..., n - 1, counting how many the source has taken. */
    private static Iterable<Integer> counting(int n, AtomicInteger taken) {
        return () -> new Iterator<>() {
            @Override
            public boolean hasNext() {
                return taken.get() < n;
            }

            @Override
            public Integer next() {
                return taken.getAndIncrement();
            }
        };
    }

    /** A node on a loop over {@code clock}, below {@code source}, so rate_limit reads that clock. */
    private static <T> Stream<T> onClock(Source<T> source, Clock clock) {
        Stream<T> relay = new Stream<>("relay", EventLoop.create("from-iterable-test", clock, WaitStrategy.BLOCKING));
        source.connect(relay);
        return relay;
    }

    // mirrors streamz tests/test_sources.py::test_from_iterable
    @Test
    void test_from_iterable() {
        Source<Integer> source = Stream.fromIterable(List.of(0, 1, 2));
        List<Integer> L = source.sinkToList();
        source.start();
        assertEquals(List.of(0, 1, 2), L);
        assertTrue(source.isStopped(), "from_iterable stops once the items run out");
        source.start();
        assertEquals(List.of(0, 1, 2, 0, 1, 2), L, "a stopped source may be started again");
    }

    // mirrors streamz tests/test_sources.py::test_from_iterable_backpressure
    @Test
    void test_from_iterable_backpressure() throws InterruptedException {
        GatedClock clock = new GatedClock();
        AtomicInteger taken = new AtomicInteger();
        Source<Integer> source = Stream.fromIterable(counting(5, taken));
        List<Integer> L = new CopyOnWriteArrayList<>();
        onClock(source, clock).rateLimit(Duration.ofMillis(100)).sink(L::add);
        Thread runner = new Thread(source::start, "from-iterable-runner");
        runner.start();

        Waits.until(() -> L.equals(List.of(0)) && clock.someoneSleeps(), () -> L);
        assertEquals(2, taken.get(), "1 is held in rate_limit, so the next item the iterator gives is 2");

        clock.letEveryoneThrough();
        runner.join(Waits.TIMEOUT.toMillis());
        assertFalse(runner.isAlive());
        assertEquals(List.of(0, 1, 2, 3, 4), L);
    }

    // mirrors streamz tests/test_sources.py::test_from_iterable_stop
    @Test
    void test_from_iterable_stop() throws InterruptedException {
        GatedClock clock = new GatedClock();
        Source<Integer> source = Stream.fromIterable(List.of(0, 1, 2, 3, 4));
        List<Integer> L = new CopyOnWriteArrayList<>();
        onClock(source, clock).rateLimit(Duration.ofMillis(10)).sink(L::add);
        Thread runner = new Thread(source::start, "from-iterable-runner");
        runner.start();

        Waits.until(() -> L.equals(List.of(0)) && clock.someoneSleeps(), () -> L);
        source.stop();
        assertTrue(source.isStopped());

        clock.letEveryoneThrough();
        runner.join(Waits.TIMEOUT.toMillis());
        assertFalse(runner.isAlive());
        assertEquals(List.of(0, 1), L, "1 was already emitted; nothing after it once stopped");
    }
}
