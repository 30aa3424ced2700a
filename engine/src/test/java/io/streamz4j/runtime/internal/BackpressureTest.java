package io.streamz4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.Await;
import io.streamz4j.Stream;
import io.streamz4j.runtime.EventLoop;
import io.streamz4j.runtime.ManualClock;
import io.streamz4j.runtime.WaitStrategy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Back pressure: futures that move backwards from asynchronous sinks to the emitter. Ports of
 * streamz 0.6.4's {@code test_backpressure} and {@code test_separate_thread_with_time}, the
 * {@code write_to_database} example of the "Core Streams" page (plain, with a buffer, with a rate
 * limit), and the contract of {@code emitAsync}: one shared completed future when nothing is
 * asynchronous, a pending one that completes or fails with the sink's stage otherwise.
 *
 * <p>Not ported: test_mixed_async. streamz refuses a node built with {@code asynchronous=True}
 * below a synchronous one, because the two disagree on who runs the event loop. streamz4j has no
 * such flag: any pipeline may be fed with {@code emit} (which waits) and {@code emitAsync} (which
 * returns a future), so the error cannot arise; {@link #mixedAsync()} shows the mix working instead.
 */
class BackpressureTest {
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

    /** A write completed by another thread after {@code micros}: a slow database. */
    private static Executor after(long micros) {
        return CompletableFuture.delayedExecutor(micros, TimeUnit.MICROSECONDS);
    }

    /**
     * Tornado's {@code Queue(maxsize)} as the test uses it: {@code put} returns a future that
     * completes once the item is in the queue, at once while there is room.
     */
    private static final class AsyncQueue<T> {
        private final int maxsize;
        private final Deque<T> items = new ArrayDeque<>();
        private final Deque<T> waitingItems = new ArrayDeque<>();
        private final Deque<CompletableFuture<Void>> waitingPuts = new ArrayDeque<>();
        private int accepted;

        AsyncQueue(int maxsize) {
            this.maxsize = maxsize;
        }

        synchronized CompletableFuture<Void> put(T item) {
            if (items.size() < maxsize) {
                items.add(item);
                accepted++;
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> put = new CompletableFuture<>();
            waitingItems.add(item);
            waitingPuts.add(put);
            return put;
        }

        /** Takes the oldest item, letting one waiting put in. */
        T get() {
            T item;
            CompletableFuture<Void> admitted = null;
            synchronized (this) {
                item = items.remove();
                if (!waitingPuts.isEmpty()) {
                    items.add(waitingItems.remove());
                    accepted++;
                    admitted = waitingPuts.remove();
                }
            }
            if (admitted != null) {
                admitted.complete(null);
            }
            return item;
        }

        synchronized int accepted() {
            return accepted;
        }

        synchronized int waitingPuts() {
            return waitingPuts.size();
        }
    }

    @Test
    void backpressure() throws InterruptedException {
        // mirrors streamz tests/test_core.py::test_backpressure
        AsyncQueue<Integer> q = new AsyncQueue<>(2);
        Stream<Integer> source = source("backpressure");
        source.map(x -> x + 1).accumulate(Integer::sum, 0).sinkAsync(q::put);

        List<String> problems = new CopyOnWriteArrayList<>();
        Thread producer = new Thread(() -> {
            for (int i = 0; i < 5; i++) {
                source.emitAsync(i).join();   // yield source.emit(i)
                if (q.accepted() != i + 1) {
                    problems.add("emit " + i + " returned with " + q.accepted() + " puts accepted");
                }
            }
        }, "test-producer");
        producer.start();

        // read_from_q: one item at a time, whenever the producer is held back by a full queue
        List<Integer> read = new ArrayList<>();
        while (read.size() < 3) {
            Await.until(() -> q.waitingPuts() == 1, "the producer to wait for room in the queue");
            read.add(q.get());
        }
        producer.join(Await.TIMEOUT.toMillis());
        assertFalse(producer.isAlive());
        assertEquals(List.of(), problems);   // no emit returned before its put was accepted
        read.add(q.get());
        read.add(q.get());
        assertEquals(List.of(1, 3, 6, 10, 15), read);
    }

    @Test
    void separateThreadWithTime() {
        // mirrors streamz tests/test_core.py::test_separate_thread_with_time
        List<Integer> l = new CopyOnWriteArrayList<>();
        Stream<Integer> source = source("separate-thread");
        source.map(x -> x + 1).sinkAsync(x -> CompletableFuture.runAsync(() -> l.add(x), after(20_000)));

        source.emit(1);   // returns only once the slow write is done

        assertEquals(List.of(2), l);
    }

    @Test
    void emitAsyncReturnsTheSharedCompletedFutureWhenNothingIsAsynchronous() {
        ManualClock clock = new ManualClock();
        EventLoop loop = EventLoop.create("shared-future", clock, WaitStrategy.BLOCKING);
        Stream<Integer> source = new Stream<>("shared-future", loop);
        sources.add(source);
        List<Integer> l = new CopyOnWriteArrayList<>();
        source.map(x -> x + 1).sink(l::add);
        source.buffer(4).sink(x -> { });
        source.delay(Duration.ofMillis(1)).sink(x -> { });

        CompletableFuture<Void> first = source.emitAsync(1);
        CompletableFuture<Void> second = source.emitAsync(2);

        assertSame(first, second);
        assertTrue(first.isDone());
        assertFalse(first.isCompletedExceptionally());
        assertEquals(List.of(2, 3), l);
        loop.close();
    }

    @Test
    void emitAsyncReturnsTheSharedCompletedFutureWhenTheWritesAreAlreadyDone() {
        Stream<Integer> source = source("already-done");
        List<Integer> written = new CopyOnWriteArrayList<>();
        source.sinkAsync(x -> {
            written.add(x);
            return CompletableFuture.completedFuture(null);
        });
        CompletableFuture<Void> first = source.emitAsync(1);
        assertSame(first, source.emitAsync(2));
        assertTrue(first.isDone());
        assertEquals(List.of(1, 2), written);

        IllegalStateException boom = new IllegalStateException("refused at once");
        Stream<Integer> failing = source("failed-at-once");
        failing.sinkAsync(x -> CompletableFuture.failedFuture(boom));
        CompletableFuture<Void> failed = failing.emitAsync(1);
        assertTrue(failed.isCompletedExceptionally());
        assertSame(boom, assertThrows(ExecutionException.class, failed::get).getCause());
    }

    @Test
    void emitAsyncIsPendingUntilTheSinksStageCompletes() {
        Stream<Integer> source = source("pending");
        CompletableFuture<Void> write = new CompletableFuture<>();
        source.sinkAsync(x -> write);

        CompletableFuture<Void> emitted = source.emitAsync(1);

        assertFalse(emitted.isDone());
        assertFalse(source.emitAsync(2).isDone());
        write.complete(null);
        assertTrue(emitted.isDone());
        assertFalse(emitted.isCompletedExceptionally());
    }

    @Test
    void emitAsyncWaitsForEverySink() {
        Stream<Integer> source = source("every-sink");
        CompletableFuture<Void> fast = new CompletableFuture<>();
        CompletableFuture<Void> slow = new CompletableFuture<>();
        source.sinkAsync(x -> fast);
        source.map(x -> x).sinkAsync(x -> slow);

        CompletableFuture<Void> emitted = source.emitAsync(1);
        fast.complete(null);
        assertFalse(emitted.isDone());
        slow.complete(null);
        assertTrue(emitted.isDone());
    }

    @Test
    void emitAsyncFailsWithTheSinksException() {
        Stream<Integer> source = source("failing");
        CompletableFuture<Void> write = new CompletableFuture<>();
        source.sinkAsync(x -> write);
        CompletableFuture<Void> emitted = source.emitAsync(1);
        assertFalse(emitted.isDone());

        IllegalStateException boom = new IllegalStateException("the database is down");
        write.completeExceptionally(boom);

        assertTrue(emitted.isCompletedExceptionally());
        ExecutionException viaGet = assertThrows(ExecutionException.class, emitted::get);
        assertSame(boom, viaGet.getCause());
        CompletionException viaJoin = assertThrows(CompletionException.class, emitted::join);
        assertSame(boom, viaJoin.getCause());
    }

    @Test
    void plainEmitRethrowsTheSinksExceptionUnchanged() {
        Stream<Integer> source = source("failing-plain");
        IllegalStateException boom = new IllegalStateException("the database is down");
        source.sinkAsync(x -> CompletableFuture.runAsync(() -> {
            throw boom;
        }, after(1_000)));
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> source.emit(1));
        assertSame(boom, thrown);
    }

    @Test
    void emitAsyncFailsWithAFunctionsExceptionUnchanged() {
        Stream<Integer> source = source("failing-function");
        ArithmeticException boom = new ArithmeticException("/ by zero");
        source.map(x -> {
            throw boom;
        });
        CompletableFuture<Void> emitted = source.emitAsync(1);
        assertSame(boom, emitted.handle((v, e) -> e).join());
    }

    @Test
    void anErrorInsideEmitAsyncLeavesTheThreadWaitingForLaterWrites() {
        // An Error (not an exception) thrown below emitAsync must not leave this thread believing
        // it still collects futures for an emitAsync: later emits would stop waiting for writes.
        Stream<Integer> broken = source("error");
        broken.sink(x -> {
            throw new AssertionError("a sink gave up");
        });
        assertThrows(AssertionError.class, () -> broken.emitAsync(1));

        Stream<Integer> source = source("after-error");
        CompletableFuture<Void> write = new CompletableFuture<>();
        source.sinkAsync(x -> write);
        CompletableFuture<Void> emitted = source.emitAsync(1);
        assertFalse(emitted.isDone(), "emitAsync no longer waits for the write");

        List<Integer> written = new CopyOnWriteArrayList<>();
        Stream<Integer> plain = source("plain-after-error");
        plain.sinkAsync(x -> CompletableFuture.runAsync(() -> written.add(x), after(2_000)));
        plain.emit(7);
        assertEquals(List.of(7), written, "emit no longer waits for the write");
        write.complete(null);
    }

    @Test
    void writeToDatabase() {
        // The "Core Streams" page: source.map(json.loads).sink(write_to_database), fed with
        // `await source.emit(line)`: the producer cannot run ahead of the writes.
        List<Integer> database = new CopyOnWriteArrayList<>();
        Function<Integer, CompletionStage<Void>> writeToDatabase =
                x -> CompletableFuture.runAsync(() -> database.add(x), after(200));
        Stream<String> source = source("write-to-database");
        source.map(line -> Integer.parseInt(line.strip())).sinkAsync(writeToDatabase);

        List<String> problems = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            source.emit(i + "\n");
            if (database.size() != i + 1) {
                problems.add("after line " + i + " the database held " + database.size());
            }
        }
        for (int i = 50; i < 100; i++) {
            source.emitAsync(i + "\n").join();   // await source.emit(line)
            if (database.size() != i + 1) {
                problems.add("after line " + i + " the database held " + database.size());
            }
        }
        assertEquals(List.of(), problems);
        assertEquals(IntStream.range(0, 100).boxed().toList(), database);
    }

    @Test
    void writeToDatabaseWithABuffer() {
        // source.map(json.loads).buffer(100).sink(write_to_database): a hundred lines may wait
        // in memory, no more.
        List<Integer> database = new CopyOnWriteArrayList<>();
        Stream<String> source = source("write-buffered");
        source.map(line -> Integer.parseInt(line.strip())).buffer(100)
                .sinkAsync(x -> CompletableFuture.runAsync(() -> database.add(x), after(50)));

        int maxAhead = 0;
        for (int i = 0; i < 1_000; i++) {
            source.emit(i + "\n");
            maxAhead = Math.max(maxAhead, i + 1 - database.size());
        }
        assertTrue(maxAhead <= 100, "the producer ran " + maxAhead + " lines ahead of the database");
        Await.until(() -> database.size() == 1_000, () -> database.size() + " written");
        assertEquals(IntStream.range(0, 1_000).boxed().toList(), database);
    }

    @Test
    void writeToDatabaseWithARateLimit() {
        // source.rate_limit(0.010).map(json.loads).buffer(100).sink(write_to_database)
        ManualClock clock = new ManualClock();
        EventLoop loop = EventLoop.create("write-rate-limited", clock, WaitStrategy.BLOCKING);
        Stream<String> source = new Stream<>("write-rate-limited", loop);
        sources.add(source);
        List<Integer> database = new CopyOnWriteArrayList<>();
        source.rateLimit(Duration.ofMillis(10)).map(line -> Integer.parseInt(line.strip())).buffer(100)
                .sinkAsync(x -> CompletableFuture.runAsync(() -> database.add(x), after(50)));

        for (int i = 0; i < 20; i++) {
            source.emit(i + "\n");
        }
        // the producer waited its turn for every line after the first
        assertEquals(Duration.ofMillis(190).toNanos(), clock.nanoTime());
        Await.until(() -> database.size() == 20);
        assertEquals(IntStream.range(0, 20).boxed().toList(), database);
        loop.close();
    }

    @Test
    void mapAsyncKeepsOrderAndHoldsTheProducer() {
        Stream<Integer> source = source("map-async");
        List<Integer> l = new CopyOnWriteArrayList<>();
        // later elements finish sooner; the results still come out in order
        source.mapAsync(x -> CompletableFuture.supplyAsync(() -> x * 10, after(1_000 - x * 100L))).sink(l::add);
        for (int i = 0; i < 5; i++) {
            source.emit(i);
            assertEquals(i + 1, l.size());   // emit returned once its result was out
        }
        assertEquals(List.of(0, 10, 20, 30, 40), l);
    }

    @Test
    void mixedAsync() {
        // adapts streamz tests/test_core.py::test_mixed_async (see the class comment): one
        // pipeline fed with plain emits and with emitAsync, whose sink is asynchronous.
        Stream<Integer> source = source("mixed");
        List<CompletableFuture<Void>> writes = new CopyOnWriteArrayList<>();
        AtomicInteger completedWrites = new AtomicInteger();
        source.sinkAsync(x -> {
            CompletableFuture<Void> write = new CompletableFuture<>();
            writes.add(write);
            return write.thenRun(completedWrites::incrementAndGet);
        });

        CompletableFuture<Void> first = source.emitAsync(1);
        assertFalse(first.isDone());
        Thread completer = new Thread(() -> {
            Await.until(() -> writes.size() == 2, "the plain emit's write");
            writes.get(1).complete(null);
        }, "test-completer");
        completer.start();
        source.emit(2);   // waits for its own write only
        assertEquals(1, completedWrites.get());
        assertFalse(first.isDone());
        writes.get(0).complete(null);
        assertTrue(first.isDone());
    }
}
