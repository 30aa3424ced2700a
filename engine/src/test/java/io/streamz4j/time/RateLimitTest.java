package io.streamz4j.time;

import static io.streamz4j.ThreadSafeSink.collect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.Await;
import io.streamz4j.SteppedClock;
import io.streamz4j.Source;
import io.streamz4j.Stream;
import io.streamz4j.runtime.EventLoop;
import io.streamz4j.runtime.ManualClock;
import io.streamz4j.runtime.WaitStrategy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * rate_limit: ports of streamz 0.6.4's {@code test_rate_limit} and
 * {@code test_backpressure_connect_empty_stream}. rate_limit waits on the emitting thread through
 * the pipeline clock's {@code sleepNanos}: a {@link ManualClock} moves on as if it had slept (so the
 * test reads how long the emits took in clock time), a {@link SteppedClock} keeps the producer
 * waiting until the test moves time on (so the test sees it held back).
 */
class RateLimitTest {

    @Test
    void rateLimit() {
        // mirrors streamz tests/test_core.py::test_rate_limit
        ManualClock clock = new ManualClock();
        EventLoop loop = EventLoop.create("rate-limit-test", clock, WaitStrategy.BLOCKING);
        Stream<Integer> source = new Stream<>("rate", loop);
        List<Long> times = new CopyOnWriteArrayList<>();
        Stream<Integer> limited = source.rateLimit(Duration.ofMillis(50));
        limited.sink(x -> times.add(clock.nanoTime() / 1_000_000));
        List<Integer> l = collect(limited);

        long start = clock.nanoTime();
        for (int i = 0; i < 5; i++) {
            source.emit(i);
        }
        long stop = clock.nanoTime();
        assertTrue(stop - start > Duration.ofMillis(199).toNanos(), () -> (stop - start) + " ns");
        assertEquals(5, l.size());
        // each element went out at its turn, 50 ms of clock time after the one before
        assertEquals(List.of(0L, 50L, 100L, 150L, 200L), times);
        assertEquals(List.of(0, 1, 2, 3, 4), l);
        source.destroy();
        loop.close();
    }

    @Test
    void rateLimitHoldsTheProducerUntilItsTurn() throws InterruptedException {
        SteppedClock clock = new SteppedClock();
        EventLoop loop = EventLoop.create("rate-limit-held", clock, WaitStrategy.BLOCKING);
        Stream<Integer> source = new Stream<>("rate", loop);
        List<Integer> l = collect(source.rateLimit(Duration.ofMillis(50)));
        AtomicInteger emitted = new AtomicInteger();
        Thread producer = new Thread(() -> {
            for (int i = 0; i < 3; i++) {
                source.emit(i);
                emitted.incrementAndGet();
            }
        }, "test-producer");
        producer.start();

        Await.until(() -> clock.sleepers() == 1, "the producer to wait for its turn");
        assertEquals(List.of(0), l);
        assertEquals(1, emitted.get());
        clock.advance(Duration.ofMillis(49));
        assertEquals(1, clock.sleepers());   // still not its turn: the time has not come
        assertEquals(List.of(0), l);
        clock.advance(Duration.ofMillis(1));
        Await.until(() -> l.size() == 2 && clock.sleepers() == 1, "the second element, then the third waiting");
        assertEquals(List.of(0, 1), l);
        clock.advance(Duration.ofMillis(50));
        producer.join(Await.TIMEOUT.toMillis());
        assertEquals(List.of(0, 1, 2), l);
        assertEquals(3, emitted.get());
        source.destroy();
        loop.close();
    }

    @Test
    void backpressureConnectEmptyStream() throws InterruptedException {
        // mirrors streamz tests/test_core.py::test_backpressure_connect_empty_stream
        // A source emitting on its own thread, connected to an empty stream with a rate limit
        // below it: the rate limit holds the source back through the connection.
        List<Integer> sourceList = Collections.synchronizedList(new ArrayList<>(List.of(0, 1, 2, 3, 4)));
        Source<Integer> source = new Source<>() {
            @Override
            protected void run() {
                while (!isStopped() && !sourceList.isEmpty()) {
                    emit(sourceList.remove(0));
                }
            }
        };
        SteppedClock clock = new SteppedClock();
        EventLoop loop = EventLoop.create("connect-empty", clock, WaitStrategy.BLOCKING);
        Stream<Integer> sout = new Stream<>("sout", loop);
        List<Integer> l = collect(sout.rateLimit(Duration.ofSeconds(1)));
        source.connect(sout);
        Thread running = new Thread(source::start, "test-source");
        running.start();

        Await.until(() -> l.equals(List.of(0)), "L == [0]");   // wait_for(lambda: L == [0], 0.01)
        Await.until(() -> clock.sleepers() == 1, "the source to be held back by rate_limit");
        assertTrue(sourceList.size() > 0);
        assertEquals(List.of(2, 3, 4), sourceList);   // 1 was taken and waits for its turn

        for (int i = 1; i < 5; i++) {
            int expected = i + 1;
            clock.advance(Duration.ofSeconds(1));
            Await.until(() -> l.size() == expected, "element " + expected);
        }
        running.join(Await.TIMEOUT.toMillis());
        assertEquals(List.of(0, 1, 2, 3, 4), l);
        source.destroy();
        sout.destroy();
        loop.close();
    }
}
