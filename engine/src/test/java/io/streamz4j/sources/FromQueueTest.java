package io.streamz4j.sources;

import static io.streamz4j.sources.FromTextfileTest.assertParameter;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.Source;
import io.streamz4j.Stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * from_q (streamz-q's queue source): fed by several threads, nothing lost and each producer's
 * order kept; stop ends the consumer thread promptly and leaves what it did not take in the queue.
 */
class FromQueueTest {
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final String name = "queue-test-" + RUNS.incrementAndGet();
    private final String thread = "streamz4j-" + name + "-queue";
    private Source<Object> source;

    @AfterEach
    void tearDown() {
        if (source != null) {
            source.destroy();
        }
        Waits.noThreadsNamed(thread);
    }

    private <T> Source<T> fromQueue(BlockingQueue<T> queue) {
        Source<T> created = Stream.fromQueue(queue);
        created.named(name);
        @SuppressWarnings("unchecked")
        Source<Object> any = (Source<Object>) created;
        source = any;
        return created;
    }

    // streamz4j: streamz-q's use, items put by other threads become events: several producers,
    // nothing lost, each producer's items in the order it put them, all emitted on one thread.
    @Test
    void severalProducersLoseNothingAndKeepTheirOrder() throws InterruptedException {
        int producers = 4;
        int each = 20_000;
        BlockingQueue<int[]> queue = new ArrayBlockingQueue<>(64); // small: producers wait for the consumer
        Source<int[]> s = fromQueue(queue);
        Map<Integer, List<Integer>> byProducer = new ConcurrentHashMap<>();
        Set<String> emittingThreads = ConcurrentHashMap.newKeySet();
        AtomicInteger total = new AtomicInteger();
        s.sink(item -> {
            emittingThreads.add(Thread.currentThread().getName());
            byProducer.computeIfAbsent(item[0], p -> new ArrayList<>()).add(item[1]);
            total.incrementAndGet();
        });
        s.start();

        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            Thread t = new Thread(() -> {
                try {
                    for (int i = 0; i < each; i++) {
                        queue.put(new int[] {producer, i});
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "producer-" + p);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        Waits.until(() -> total.get() == producers * each, total::get);
        for (int p = 0; p < producers; p++) {
            List<Integer> got = byProducer.get(p);
            assertEquals(each, got.size());
            for (int i = 0; i < each; i++) {
                assertEquals(i, got.get(i), "producer " + p + " item " + i);
            }
        }
        assertEquals(Set.of(thread), emittingThreads);
    }

    // streamz4j: stop() ends the consumer thread at once while it waits in take(), and the items
    // put afterwards stay in the queue for a new start, which emits them.
    @Test
    void stopEndsTheThreadPromptlyAndLeavesItemsInTheQueue() {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        Source<String> s = fromQueue(queue);
        List<String> out = new CopyOnWriteArrayList<>();
        s.sink(out::add);
        s.start();
        queue.add("a");
        Waits.until(() -> out.size() == 1, () -> out);
        Thread consumer = ((FromQueue<String>) s).consumerThread();
        assertNotNull(consumer);
        Waits.until(() -> consumer.getState() == Thread.State.WAITING, consumer::getState);

        long before = System.nanoTime();
        s.stop();
        long took = System.nanoTime() - before;
        assertFalse(consumer.isAlive(), "stop() returns once the consumer thread has ended");
        assertTrue(took < Duration.ofSeconds(5).toNanos(), "stop took " + took + " ns");
        assertTrue(s.isStopped());
        assertNull(((FromQueue<String>) s).consumerThread());
        assertEquals(List.of(), Waits.threadsNamed(thread));

        queue.add("b");
        queue.add("c");
        assertEquals(List.of("a"), out);
        assertEquals(List.of("b", "c"), List.copyOf(queue), "items not taken stay in the queue");

        s.start();
        Waits.until(() -> out.size() == 3, () -> out);
        assertEquals(List.of("a", "b", "c"), out);
        assertTrue(queue.isEmpty());
    }

    // streamz4j: an item being emitted when stop() is called is emitted in full; stop() waits for
    // it and the next item stays in the queue.
    @Test
    void theItemBeingEmittedAtStopIsNotLost() throws InterruptedException {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        Source<String> s = fromQueue(queue);
        CountDownLatch inSink = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        List<String> out = new CopyOnWriteArrayList<>();
        s.sink(x -> {
            inSink.countDown();
            try {
                letGo.await();
            } catch (InterruptedException e) {
                throw new AssertionError("the consumer was interrupted while emitting", e);
            }
            out.add(x);
        });
        s.start();
        queue.add("first");
        queue.add("second");
        assertTrue(inSink.await(10, TimeUnit.SECONDS));

        Thread stopper = new Thread(s::stop, "stopper");
        stopper.start();
        Waits.until(s::isStopped, () -> "stopped");
        letGo.countDown();
        stopper.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(stopper.isAlive());
        assertEquals(List.of("first"), out);
        assertEquals(List.of("second"), List.copyOf(queue));
        Waits.noThreadsNamed(thread);
    }

    // streamz4j: a node below that throws is logged and the next item is emitted.
    @Test
    void aFailingNodeBelowDoesNotEndTheThread() {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        Source<String> s = fromQueue(queue);
        List<Integer> out = new CopyOnWriteArrayList<>();
        s.map(Integer::parseInt).sink(out::add);
        s.start();
        queue.add("1");
        queue.add("bad");
        queue.add("2");
        Waits.until(() -> out.size() == 2, () -> out);
        assertEquals(List.of(1, 2), out);
    }

    // streamz4j: destroy() ends the consumer thread too, and the source cannot start again.
    @Test
    void destroyEndsTheThread() {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        Source<String> s = fromQueue(queue);
        s.sink(x -> { });
        s.start();
        Waits.until(() -> Waits.threadsNamed(thread).size() == 1, () -> Waits.threadsNamed(thread));
        s.destroy();
        assertEquals(List.of(), Waits.threadsNamed(thread));
        assertThrows(IllegalStateException.class, s::start);
        assertTrue(s.isStopped());
    }

    // streamz4j: bad arguments fail at construction, naming the parameter.
    @Test
    void badArgumentsFailAtConstruction() {
        assertParameter("queue", () -> Stream.fromQueue(null));
    }
}
