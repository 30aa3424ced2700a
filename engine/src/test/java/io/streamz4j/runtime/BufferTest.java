package io.streamz4j.runtime;

import static io.streamz4j.ThreadSafeSink.collect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.Await;
import io.streamz4j.Metadata;
import io.streamz4j.RefCounter;
import io.streamz4j.SteppedClock;
import io.streamz4j.Stream;
import io.streamz4j.core.Buffer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * buffer(n), the ring boundary whose consumer thread runs the nodes below it, and latest behind
 * it: ports of streamz 0.6.4's {@code test_buffer}, {@code test_buffer_ref_counts},
 * {@code test_buffer_after_partition}, {@code test_buffer_after_timed_window},
 * {@code test_buffer_after_sliding_window}, {@code test_latest} and {@code py3_test_core.py}'s
 * {@code test_await_syntax}, plus the buffer's contract: the producer runs at most n elements ahead
 * of a slow consumer, order is kept, nothing is lost, references are held while buffered.
 *
 * <p>Where streamz's tests time the emits with a wall clock, these drive a {@link SteppedClock} or
 * complete the slow consumer's futures by hand, so every assertion is about what must have
 * happened, never about how long it took.
 */
class BufferTest {
    private final List<Stream<?>> sources = new ArrayList<>();

    @AfterEach
    void tearDown() {
        sources.forEach(Stream::destroy);
    }

    private <T> Stream<T> source(String name) {
        Stream<T> source = new Stream<>(name);
        sources.add(source);
        return source;
    }

    private static int inc(int x) {
        return x + 1;
    }

    @Test
    void buffer() throws InterruptedException {
        // mirrors streamz tests/test_core.py::test_buffer
        SteppedClock clock = new SteppedClock();
        EventLoop loop = EventLoop.create("buffer-test", clock, WaitStrategy.BLOCKING);
        Stream<Integer> source = new Stream<>("buffer-test", loop);
        sources.add(source);
        List<Integer> l = collect(source.map(BufferTest::inc).buffer(10).map(BufferTest::inc)
                .rateLimit(Duration.ofMillis(50)));

        AtomicInteger produced = new AtomicInteger();
        Thread first = new Thread(() -> {
            for (int i = 0; i < 10; i++) {
                source.emit(i);
                produced.incrementAndGet();
            }
        }, "test-producer-1");
        first.start();
        first.join(Await.TIMEOUT.toMillis());
        // stop - start < 0.01: the ten emits went into the buffer without waiting for any time to pass
        assertEquals(10, produced.get());
        assertEquals(0, clock.nanoTime());
        // assert not L: at most the first element has passed the rate limit, at time 0
        assertTrue(l.size() <= 1, l::toString);

        AtomicLong stop = new AtomicLong(-1);
        long start = clock.nanoTime();
        Thread second = new Thread(() -> {
            for (int i = 0; i < 5; i++) {
                source.emit(i);
            }
            stop.set(clock.nanoTime());
        }, "test-producer-2");
        second.start();
        // Time moves on only while the consumer waits for its turn in the rate limit.
        while (stop.get() < 0) {
            Await.until(() -> stop.get() >= 0 || clock.sleepers() > 0, "the producer to finish or the consumer to wait");
            if (stop.get() < 0) {
                clock.advance(Duration.ofMillis(50));
            }
        }
        assertTrue(!l.isEmpty());
        // stop - start > 0.04: the fifth emit had to wait until five elements had left the full
        // buffer through the rate limit, the fifth of them at 4 x 50 ms
        assertTrue(stop.get() - start >= Duration.ofMillis(200).toNanos(), () -> (stop.get() - start) + " ns");

        while (l.size() < 15) {
            Await.until(() -> l.size() == 15 || clock.sleepers() > 0, "the rest to pass the rate limit");
            clock.advance(Duration.ofMillis(50));
        }
        assertEquals(List.of(2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 2, 3, 4, 5, 6), l);
        loop.close();
    }

    @Test
    void bufferRefCounts() {
        // mirrors streamz tests/test_core.py::test_buffer_ref_counts
        // streamz asserts every count is 1 before its loop runs; here the consumer thread runs at
        // once, so a sink that the test holds keeps the elements in the buffer meanwhile.
        Stream<Integer> source = source("buffer-refs");
        CountDownLatch sinkMayGo = new CountDownLatch(1);
        AtomicInteger inSink = new AtomicInteger();
        source.buffer(5).sink(x -> {
            inSink.incrementAndGet();
            await(sinkMayGo);
        });

        List<RefCounter> refs = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            RefCounter r = new RefCounter();
            refs.add(r);
            source.emit(i, Metadata.withRef(r));
        }
        Await.until(() -> inSink.get() == 1, "the first element to reach the sink");
        // the first is held by the ring and by its emission into the sink; the others by the ring
        assertEquals(List.of(2, 1, 1, 1, 1), refs.stream().map(RefCounter::count).toList());

        sinkMayGo.countDown();
        Await.until(() -> refs.stream().allMatch(r -> r.count() == 0), () -> "all released: " + refs);
    }

    @Test
    void bufferAfterPartition() {
        // mirrors streamz tests/test_core.py::test_buffer_after_partition
        Stream<Integer> source = source("after-partition");
        List<List<Integer>> l = collect(source.partition(1).buffer(1));
        source.emit(1);
        source.emit(2);
        Await.until(() -> l.size() == 2);
        assertEquals(List.of(List.of(1), List.of(2)), l);
    }

    @Test
    void bufferAfterTimedWindow() {
        // mirrors streamz tests/test_core.py::test_buffer_after_timed_window
        ManualClock clock = new ManualClock();
        EventLoop loop = EventLoop.create("after-timed-window", clock, WaitStrategy.BLOCKING);
        Stream<Integer> source = new Stream<>("after-timed-window", loop);
        sources.add(source);
        List<List<Integer>> l = collect(source.timedWindow(Duration.ofSeconds(1)).buffer(1));
        source.emit(1);
        Await.loopCaughtUp(loop);
        clock.advance(Duration.ofSeconds(1));
        Await.until(() -> l.stream().anyMatch(w -> !w.isEmpty()), "a window to come through the buffer");
        assertTrue(l.contains(List.of(1)), l::toString);
        loop.close();
    }

    @Test
    void bufferAfterSlidingWindow() {
        // mirrors streamz tests/test_core.py::test_buffer_after_sliding_window
        Stream<Integer> source = source("after-sliding-window");
        List<List<Integer>> l = collect(source.slidingWindow(1).buffer(1));
        source.emit(1);
        source.emit(2);
        Await.until(() -> l.size() == 2);
        assertEquals(List.of(List.of(1), List.of(2)), l);
    }

    @Test
    void awaitSyntax() throws InterruptedException {
        // mirrors streamz tests/py3_test_core.py::test_await_syntax
        // The writes complete when the test says so: after each completed write the producer gets
        // exactly one more element into the full buffer.
        Stream<Integer> source = source("await-syntax");
        List<Integer> l = new CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> writes = new CopyOnWriteArrayList<>();
        source.map(BufferTest::inc).buffer(3).sinkAsync(x -> {
            CompletableFuture<Void> write = new CompletableFuture<>();
            writes.add(write);
            return write.thenRun(() -> l.add(x));
        });

        AtomicInteger produced = new AtomicInteger();
        AtomicInteger writtenWhenDone = new AtomicInteger(-1);
        Thread producer = new Thread(() -> {
            for (int x = 0; x < 6; x++) {
                source.emitAsync(x).join();   // await source.emit(x)
                produced.incrementAndGet();
            }
            writtenWhenDone.set(l.size());
        }, "test-producer");
        producer.start();

        Await.until(() -> produced.get() == 3, "three elements in the buffer before any write is done");
        assertEquals(List.of(), l);
        for (int done = 0; done < 3; done++) {
            int expected = 4 + done;
            completeWrite(writes, done);
            Await.until(() -> produced.get() == expected, () -> "room for one more after a write, produced "
                    + produced.get() + " of " + expected);
        }
        producer.join(Await.TIMEOUT.toMillis());
        // 2 <= len(L) <= 4 when the emits are done: the producer finished with three writes pending
        assertEquals(3, writtenWhenDone.get());
        for (int done = 3; done < 6; done++) {
            completeWrite(writes, done);
        }
        Await.until(() -> l.size() == 6);
        assertEquals(List.of(1, 2, 3, 4, 5, 6), l);
    }

    private static void completeWrite(List<CompletableFuture<Void>> writes, int index) {
        Await.until(() -> writes.size() > index, "write " + index + " to start");
        writes.get(index).complete(null);
    }

    @Test
    void slowSinkHoldsTheProducerAtMostNAhead() throws InterruptedException {
        int n = 8;
        int count = 2_000;
        Stream<Integer> source = source("slow-sink");
        AtomicInteger consumed = new AtomicInteger();
        List<Integer> out = new CopyOnWriteArrayList<>();
        List<String> problems = new CopyOnWriteArrayList<>();
        List<RefCounter> refs = new ArrayList<>();
        AtomicInteger released = new AtomicInteger();
        source.buffer(n).sink(x -> {
            if (refs.get(x).count() < 1) {
                problems.add("element " + x + " reached the sink with its reference released");
            }
            LockSupport.parkNanos(20_000);   // a slow sink
            out.add(x);
            consumed.incrementAndGet();
        });
        for (int i = 0; i < count; i++) {
            int element = i;
            refs.add(new RefCounter(0, () -> {
                released.incrementAndGet();
                if (consumed.get() <= element) {
                    problems.add("element " + element + " was released before the sink had it");
                }
            }));
        }

        int maxAhead = 0;
        for (int i = 0; i < count; i++) {
            source.emit(i, Metadata.withRef(refs.get(i)));
            maxAhead = Math.max(maxAhead, i + 1 - consumed.get());
        }
        assertTrue(maxAhead <= n, "the producer ran " + maxAhead + " elements ahead of the sink");
        Await.until(() -> out.size() == count);
        assertEquals(IntStream.range(0, count).boxed().toList(), out);   // order kept, nothing lost
        Await.until(() -> released.get() == count, () -> released.get() + " released");
        assertEquals(List.of(), problems);
    }

    @Test
    void fullBufferFreesRoomAsSoonAsOneElementIsDone() {
        // The consumer may take the buffered elements as one batch; room comes back element by
        // element, not when the whole batch is done.
        int n = 100;
        Stream<Integer> source = source("room");
        List<CountDownLatch> gates = new ArrayList<>();
        for (int i = 0; i <= n; i++) {
            gates.add(new CountDownLatch(1));
        }
        AtomicInteger produced = new AtomicInteger();
        source.buffer(n).sink(x -> await(gates.get(x)));
        Thread producer = new Thread(() -> {
            for (int i = 0; i <= n; i++) {
                source.emit(i);
                produced.incrementAndGet();
            }
        }, "test-producer");
        producer.start();
        Await.until(() -> produced.get() == n, "the buffer to fill");
        Await.blocked(producer);
        assertEquals(n, produced.get());
        gates.get(0).countDown();
        Await.until(() -> produced.get() == n + 1, "room for the last element once the first is done");
        gates.forEach(CountDownLatch::countDown);
    }

    @ParameterizedTest
    @EnumSource(WaitStrategy.class)
    void everyWaitStrategyKeepsOrderAndLosesNothing(WaitStrategy waitStrategy) {
        Stream<Integer> source = source("wait-" + waitStrategy);
        List<Integer> out = new CopyOnWriteArrayList<>();
        List<String> threads = new CopyOnWriteArrayList<>();
        source.buffer(16, waitStrategy).sink(x -> {
            if (x == 0) {
                threads.add(Thread.currentThread().getName());
            }
            out.add(x);
        });
        int count = 20_000;
        for (int i = 0; i < count; i++) {
            source.emit(i);
        }
        Await.until(() -> out.size() == count, () -> out.size() + " of " + count);
        assertEquals(IntStream.range(0, count).boxed().toList(), out);
        assertEquals(1, threads.size());
        assertTrue(threads.get(0).startsWith("streamz4j-wait-" + waitStrategy + "-buffer-"), threads::toString);
    }

    @Test
    void destroyDeliversWhatWasAcceptedThenEndsTheThread() {
        Stream<Integer> source = new Stream<>("destroy-drains");
        List<Integer> out = new CopyOnWriteArrayList<>();
        List<Thread> consumer = new CopyOnWriteArrayList<>();
        source.buffer(50).sink(x -> {
            if (x == 0) {
                consumer.add(Thread.currentThread());
            }
            LockSupport.parkNanos(50_000);
            out.add(x);
        });
        for (int i = 0; i < 50; i++) {
            source.emit(i);
        }
        source.destroy();
        assertEquals(IntStream.range(0, 50).boxed().toList(), out);
        Await.until(() -> !consumer.get(0).isAlive(), "the buffer's thread to end");
    }

    @Test
    void latest() {
        // mirrors streamz tests/test_core.py::test_latest
        // streamz: source.map(inc).latest().map(slow_write), with the loop free while the write
        // waits. Here latest sits behind a buffer, whose thread runs it and the slow write: while
        // the write waits, newer elements pile up in the buffer and latest keeps only the newest.
        Stream<Integer> source = source("latest");
        List<Integer> l = new CopyOnWriteArrayList<>();
        List<Map.Entry<Integer, CompletableFuture<Void>>> writes = new CopyOnWriteArrayList<>();
        Buffer<Integer> buffer = (Buffer<Integer>) source.map(BufferTest::inc).buffer(10);
        buffer.latest().mapAsync(x -> {
            CompletableFuture<Void> write = new CompletableFuture<>();
            writes.add(Map.entry(x, write));
            return write.thenApply(done -> {
                l.add(x);
                return x;
            });
        });

        source.emit(1);
        Await.until(() -> writes.size() == 1, "slow_write(2) to start");
        source.emit(2);
        source.emit(3);

        writes.get(0).getValue().complete(null);
        Await.until(() -> writes.size() == 2, "the next write");
        assertEquals(4, writes.get(1).getKey());   // 3 was dropped: 4 was newer by the time the write was free
        writes.get(1).getValue().complete(null);
        Await.until(() -> l.size() >= 2);
        assertEquals(List.of(2, 4), l);

        Await.until(() -> buffer.inFlight() == 0, "the buffer to be empty");
        assertEquals(2, writes.size());
        assertEquals(List.of(2, 4), l);
    }

    @Test
    void latestBehindABufferEmitsEveryElementWhenTheConsumerKeepsUp() {
        Stream<Integer> source = source("latest-keeps-up");
        List<Integer> l = new CopyOnWriteArrayList<>();
        source.buffer(10).latest().sink(l::add);
        for (int i = 0; i < 5; i++) {
            source.emit(i);
            int expected = i + 1;
            Await.until(() -> l.size() == expected);
        }
        assertEquals(List.of(0, 1, 2, 3, 4), l);
    }

    @Test
    void latestBehindABufferEmitsTheNewestEvenWhenWhatCameAfterWasFilteredOut() {
        // A newer element in the buffer makes latest hold the one it has; if that newer element
        // never reaches latest, the held one still goes out once the buffer is empty.
        Stream<Integer> source = source("latest-filtered");
        CountDownLatch sinkMayGo = new CountDownLatch(1);
        List<Integer> entered = new CopyOnWriteArrayList<>();
        List<Integer> l = new CopyOnWriteArrayList<>();
        source.buffer(10).filter(x -> x >= 0).latest().sink(x -> {
            entered.add(x);
            if (x == 0) {
                await(sinkMayGo);
            }
            l.add(x);
        });
        source.emit(0);
        Await.until(() -> entered.size() == 1, "0 to reach the sink");
        source.emit(1);
        source.emit(-1);   // newer than 1 in the buffer, filtered out before latest
        sinkMayGo.countDown();
        Await.until(() -> l.size() == 2, () -> "0 and then 1, got " + l);
        assertEquals(List.of(0, 1), l);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
