package io.streamz4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.Await;
import io.streamz4j.Metadata;
import io.streamz4j.RefCounter;
import io.streamz4j.Stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code Stream.threadSafe()} fed by several threads at once, and joins of streams that run on
 * different threads (a ring in front of the join). Includes the adapted port of streamz 0.6.4's
 * {@code test_zip_timeout}: streamz's zip takes a {@code maxsize} and holds back an upstream that
 * runs more than that many elements ahead; streamz4j's zip buffers are unbounded (see
 * {@code core.Zip}), so what applies is that the unmatched elements are kept, in order, with
 * their references, and pair up as soon as the other side emits.
 */
class ThreadSafeSourceTest {
    private final List<Stream<?>> sources = new ArrayList<>();

    @AfterEach
    void tearDown() {
        sources.forEach(Stream::destroy);
    }

    private <T> Stream<T> track(Stream<T> source) {
        sources.add(source);
        return source;
    }

    @Test
    void fourThreadsAtFullSpeedLoseNothingAndKeepEachThreadsOrder() throws InterruptedException {
        int threads = 4;
        int perThread = 250_000;
        Stream<Long> source = track(Stream.threadSafe("four-producers", WaitStrategy.BLOCKING));
        long[] last = new long[threads];
        java.util.Arrays.fill(last, -1);
        AtomicLong received = new AtomicLong();
        List<String> problems = new CopyOnWriteArrayList<>();
        source.sink(x -> {
            // runs on the source's one consumer thread: plain fields are safe here
            int producer = (int) (x >>> 32);
            long seq = x & 0xFFFF_FFFFL;
            if (seq != last[producer] + 1 && problems.size() < 10) {
                problems.add("producer " + producer + ": " + seq + " after " + last[producer]);
            }
            last[producer] = seq;
            received.incrementAndGet();
        });

        CountDownLatch start = new CountDownLatch(1);
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < threads; p++) {
            long id = p;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (long i = 0; i < perThread; i++) {
                    source.emit(id << 32 | i);
                }
            }, "test-producer-" + p);
            t.start();
            producers.add(t);
        }
        start.countDown();
        for (Thread t : producers) {
            t.join(Await.TIMEOUT.toMillis());
        }
        Await.until(() -> received.get() == (long) threads * perThread, () -> received.get() + " received");
        assertEquals(List.of(), problems);
        // read after the atomic count the consumer bumps after each write of last[]
        for (int p = 0; p < threads; p++) {
            assertEquals(perThread - 1, last[p], "the last element of producer " + p);
        }
    }

    @Test
    void threadSafeSourceRunsThePipelineOnItsOwnThreadAndHoldsReferences() {
        Stream<Integer> source = track(Stream.threadSafe("ts-refs", WaitStrategy.YIELDING));
        CountDownLatch sinkMayGo = new CountDownLatch(1);
        List<String> threads = new CopyOnWriteArrayList<>();
        source.sink(x -> {
            threads.add(Thread.currentThread().getName());
            try {
                sinkMayGo.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        RefCounter r0 = new RefCounter();
        RefCounter r1 = new RefCounter();
        source.emit(0, Metadata.withRef(r0));
        source.emit(1, Metadata.withRef(r1));
        Await.until(() -> threads.size() == 1);
        assertEquals(List.of(2, 1), List.of(r0.count(), r1.count()));   // in the sink; in the ring
        sinkMayGo.countDown();
        Await.until(() -> r0.count() == 0 && r1.count() == 0);
        assertEquals(List.of("streamz4j-ts-refs-threadsafe", "streamz4j-ts-refs-threadsafe"), threads);
    }

    @Test
    void zipOfAThreadSafeSourceAndAPlainSource() throws InterruptedException {
        int n = 20_000;
        Stream<Integer> fromThreads = track(Stream.threadSafe("zip-ts", WaitStrategy.BLOCKING));
        Stream<String> plain = track(new Stream<>("zip-plain"));
        List<List<Object>> l = new CopyOnWriteArrayList<>();
        List<String> zipThreads = new CopyOnWriteArrayList<>();
        fromThreads.zip(plain).sink(t -> {
            if (zipThreads.isEmpty()) {
                zipThreads.add(Thread.currentThread().getName());
            }
            l.add(t);
        });

        Thread producer = new Thread(() -> {
            for (int i = 0; i < n; i++) {
                fromThreads.emit(i);
            }
        }, "test-producer");
        producer.start();
        for (int i = 0; i < n; i++) {
            plain.emit("a" + i);
        }
        producer.join(Await.TIMEOUT.toMillis());
        Await.until(() -> l.size() == n, () -> l.size() + " tuples");
        for (int i = 0; i < n; i++) {
            assertEquals(List.of(i, "a" + i), l.get(i));
        }
        // the zip runs on the ring in front of it, named after its pipeline
        assertEquals(List.of("streamz4j-zip-ts-zip"), zipThreads);
    }

    @Test
    void unionOfABufferAndAPlainStreamKeepsEachSidesOrder() {
        Stream<Integer> source = track(new Stream<>("union-sides"));
        Stream<Integer> other = track(new Stream<>("union-other"));
        List<Integer> l = new CopyOnWriteArrayList<>();
        source.buffer(8).union(other).sink(l::add);
        for (int i = 0; i < 1_000; i++) {
            source.emit(i);
            other.emit(-i - 1);
        }
        Await.until(() -> l.size() == 2_000, () -> l.size() + " elements");
        assertEquals(IntStream.range(0, 1_000).boxed().toList(), l.stream().filter(x -> x >= 0).toList());
        assertEquals(IntStream.range(0, 1_000).map(i -> -i - 1).boxed().toList(),
                l.stream().filter(x -> x < 0).toList());
    }

    @Test
    void combineLatestOfALoopAndAPlainStream() {
        ManualClock clock = new ManualClock();
        EventLoop loop = EventLoop.create("combine-loop", clock, WaitStrategy.BLOCKING);
        Stream<Integer> timed = track(new Stream<>("combine-loop", loop));
        Stream<String> plain = track(new Stream<>("combine-plain"));
        List<List<Object>> l = new CopyOnWriteArrayList<>();
        timed.delay(Duration.ofMillis(10)).combineLatest(plain).sink(l::add);
        plain.emit("a");
        timed.emit(1);
        Await.until(() -> l.size() == 1);
        assertEquals(List.of(List.of(1, "a")), l);
        plain.emit("b");
        Await.until(() -> l.size() == 2);
        assertEquals(List.of(List.of(1, "a"), List.of(1, "b")), l);
        loop.close();
    }

    @Test
    void zipTimeout() {
        // mirrors streamz tests/test_core.py::test_zip_timeout (adapted, see the class comment)
        Stream<Integer> a = track(new Stream<>("zip-a"));
        Stream<String> b = track(new Stream<>("zip-b"));
        Stream<List<Object>> c = a.zip(b);
        List<List<Object>> l = new CopyOnWriteArrayList<>();
        c.sink(l::add);

        a.emit(1);
        a.emit(2);

        // streamz (maxsize=2): the future of a.emit(3) stays pending until b emits; here the
        // element is accepted at once and waits in the zip's buffer.
        CompletableFuture<Void> future = a.emitAsync(3);
        assertTrue(future.isDone());
        assertEquals(List.of(), l);

        b.emit("a");

        assertEquals(List.of(List.of(1, "a")), l);

        // the waiting elements keep their order and their references until they are paired
        RefCounter r4 = new RefCounter();
        a.emit(4, Metadata.withRef(r4));
        assertEquals(1, r4.count());
        b.emit("b");
        b.emit("c");
        assertEquals(1, r4.count());
        b.emit("d");
        assertEquals(List.of(List.of(1, "a"), List.of(2, "b"), List.of(3, "c"), List.of(4, "d")), l);
        assertEquals(0, r4.count());
    }

    @Test
    void zipAcrossThreadsHoldsReferencesUntilPaired() {
        Stream<Integer> fromThreads = track(Stream.threadSafe("zip-refs", WaitStrategy.BLOCKING));
        Stream<String> plain = track(new Stream<>("zip-refs-plain"));
        List<List<Object>> l = new CopyOnWriteArrayList<>();
        fromThreads.zip(plain).sink(l::add);
        AtomicInteger zeros = new AtomicInteger();
        RefCounter r = new RefCounter(0, zeros::incrementAndGet);
        fromThreads.emit(1, Metadata.withRef(r));
        Await.until(() -> r.count() == 1 && zeros.get() == 0, "1 held in the zip");
        plain.emit("x");
        Await.until(() -> l.size() == 1);
        // the count reaches zero just before its callback runs, on the consumer thread
        Await.until(() -> r.count() == 0 && zeros.get() == 1, () -> r.count() + " refs, " + zeros.get() + " callbacks");
        assertEquals(List.of(List.of(1, "x")), l);
    }
}
