package io.streamz4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.runtime.EventLoop;
import io.streamz4j.runtime.ManualClock;
import io.streamz4j.runtime.WaitStrategy;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

/**
 * Which threads a pipeline starts, what they are called and when they end: the loop shared by a
 * pipeline's time-based nodes, and every thread gone once the pipelines' sources are destroyed.
 * Ports of streamz 0.6.4's {@code test_share_common_ioloop} (adapted: streamz shares one loop
 * among all synchronous streams of a process; streamz4j gives each pipeline one loop, shared by all
 * its time-based nodes, and sources given the same loop share it), {@code test_sync_in_event_loop}
 * and {@code test_percolate_loop_information} (streamz checks {@code source.loop is s.loop}; here
 * the loop is not exposed, and the check is that the source's later time nodes run on the same
 * loop thread).
 *
 * <p>Not ported: test_counter, which starts {@code Stream.from_periodic}: streamz4j's engine has
 * no periodic source yet; the loop's timers it would run on are tested through timed_window.
 *
 * <p>Each test compares the live {@code streamz4j-*} threads with those alive before it started,
 * so a thread some other test class left behind cannot make it fail or pass.
 */
class ThreadLifecycleTest {

    /** The threads that ran a sink, each once (by identity: two threads may share a name). */
    private static final class Seen {
        private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

        /** Records the thread that runs each element reaching {@code stream}. */
        Seen on(Stream<?> stream) {
            stream.sink(x -> threads.add(Thread.currentThread()));
            return this;
        }

        int size() {
            return threads.size();
        }

        /** The names of the threads seen, sorted, one per thread. */
        List<String> names() {
            return threads.stream().map(Thread::getName).sorted().toList();
        }
    }

    private static Set<String> engineThreads() {
        return Await.liveThreads("streamz4j");
    }

    private static Set<String> newSince(Set<String> before) {
        Set<String> now = new HashSet<>(engineThreads());
        now.removeAll(before);
        return now;
    }

    @Test
    void destroyingThePipelinesSourcesEndsEveryThreadTheyStarted() {
        Set<String> before = engineThreads();

        Stream<Integer> orders = new Stream<>("orders");
        Seen ordersThreads = new Seen()
                .on(orders.delay(Duration.ofMillis(1)))
                .on(orders.partition(2, Duration.ofMillis(1)))
                .on(orders.timedWindow(Duration.ofMillis(1)))
                .on(orders.map(x -> x * 2).buffer(4));

        Stream<Integer> quotes = Stream.threadSafe("quotes", WaitStrategy.BLOCKING);
        Seen quotesThreads = new Seen().on(quotes);

        Stream<Integer> trades = new Stream<>("trades");
        Seen joinThreads = new Seen().on(trades.buffer(2).zip(quotes));

        for (int i = 0; i < 4; i++) {
            orders.emit(i);
            quotes.emit(i);
            trades.emit(i);
        }
        Await.until(() -> ordersThreads.size() == 2 && quotesThreads.size() == 1 && joinThreads.size() == 1,
                () -> ordersThreads.names() + " " + quotesThreads.names() + " " + joinThreads.names());

        // every thread is named after the pipeline it serves
        List<String> ordersNames = ordersThreads.names();
        assertEquals("streamz4j-loop-orders", ordersNames.get(0));
        assertTrue(ordersNames.get(1).startsWith("streamz4j-orders-buffer-"), ordersNames::toString);
        assertEquals(List.of("streamz4j-quotes-threadsafe"), quotesThreads.names());
        assertEquals(List.of("streamz4j-trades-zip"), joinThreads.names());
        Set<String> started = newSince(before);
        assertTrue(started.stream().allMatch(n -> n.startsWith("streamz4j-")
                && (n.contains("orders") || n.contains("quotes") || n.contains("trades"))), started::toString);

        orders.destroy();
        quotes.destroy();
        trades.destroy();

        Await.until(() -> newSince(before).isEmpty(), () -> "threads left alive: " + newSince(before));
    }

    @Test
    void aLoopSharedByTwoTimeNodesEndsOnlyWhenBothAreDestroyed() {
        Set<String> before = engineThreads();
        Stream<Integer> source = new Stream<>("two-nodes");
        List<Thread> windowThreads = new CopyOnWriteArrayList<>();
        List<Integer> delayed = new CopyOnWriteArrayList<>();
        List<Thread> delayThreads = new CopyOnWriteArrayList<>();
        Stream<List<Integer>> window = source.timedWindow(Duration.ofMillis(5));
        window.sink(w -> windowThreads.add(Thread.currentThread()));
        Stream<Integer> delay = source.delay(Duration.ofMillis(1));
        delay.sink(x -> {
            delayThreads.add(Thread.currentThread());
            delayed.add(x);
        });

        source.emit(1);
        Await.until(() -> !windowThreads.isEmpty() && !delayThreads.isEmpty());
        Thread loopThread = delayThreads.get(0);
        assertSame(loopThread, windowThreads.get(0));
        assertEquals("streamz4j-loop-two-nodes", loopThread.getName());

        window.destroy();
        assertTrue(loopThread.isAlive(), "the loop ended while the delay still uses it");
        source.emit(2);
        Await.until(() -> delayed.size() == 2, "the delay to go on after the window is destroyed");
        assertSame(loopThread, delayThreads.get(1));
        assertTrue(loopThread.isAlive());

        delay.destroy();
        Await.until(() -> !loopThread.isAlive(), "the loop to end once both nodes are destroyed");
        Await.until(() -> newSince(before).isEmpty(), () -> "threads left alive: " + newSince(before));
        source.destroy();
    }

    @Test
    void shareCommonIoloop() {
        // mirrors streamz tests/test_core.py::test_share_common_ioloop (adapted, see the class comment)
        Set<String> before = engineThreads();

        // two time nodes of one pipeline
        Stream<Integer> a = new Stream<>("share-a");
        Seen aThreads = new Seen()
                .on(a.timedWindow(Duration.ofMillis(10)))
                .on(a.timedWindow(Duration.ofMillis(10)));
        // branches built before the pipeline had a loop, each with its own time nodes
        Stream<Integer> b = new Stream<>("share-b");
        Stream<Integer> left = b.map(x -> x + 1);
        Stream<Integer> right = b.map(x -> x - 1);
        Seen bThreads = new Seen()
                .on(left.delay(Duration.ofMillis(1)))
                .on(right.timedWindow(Duration.ofMillis(10)))
                .on(right.partition(3, Duration.ofMillis(1)));
        // two sources given one loop (streamz: Stream(loop=loop))
        EventLoop shared = EventLoop.create("share-given", new ManualClock(), WaitStrategy.BLOCKING);
        Stream<Integer> c = new Stream<>("share-c", shared);
        Stream<Integer> d = new Stream<>("share-d", shared);
        Seen cdThreads = new Seen()
                .on(c.delay(Duration.ofMillis(1)))
                .on(d.delay(Duration.ofMillis(1)));

        for (Stream<Integer> s : List.of(a, b, c, d)) {
            s.emit(1);
        }
        Await.until(() -> aThreads.size() >= 1 && bThreads.size() >= 1 && cdThreads.size() >= 1);
        Await.loopCaughtUp(shared);
        Await.until(() -> Await.liveThreads("streamz4j-loop-share").size() == 3);
        assertEquals(List.of("streamz4j-loop-share-a"), aThreads.names());
        assertEquals(List.of("streamz4j-loop-share-b"), bThreads.names());
        assertEquals(List.of("streamz4j-loop-share-given"), cdThreads.names());
        long loopThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("streamz4j-loop-share-")).count();
        assertEquals(3, loopThreads, "one loop thread per pipeline: " + newSince(before));

        for (Stream<Integer> s : List.of(a, b, c, d)) {
            s.destroy();
        }
        Await.until(() -> newSince(before).isEmpty(), () -> "threads left alive: " + newSince(before));
        shared.close();
    }

    @Test
    void percolateLoopInformation() {
        // mirrors streamz tests/test_core.py::test_percolate_loop_information (adapted, see the class comment)
        Stream<Integer> source = new Stream<>("percolate");
        Seen threads = new Seen()
                .on(source.timedWindow(Duration.ofMillis(500)))
                .on(source.delay(Duration.ofMillis(1)));
        source.emit(1);
        Await.until(() -> threads.size() >= 1);
        assertEquals(List.of("streamz4j-loop-percolate"), threads.names());
        long loopThreads = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals("streamz4j-loop-percolate")).count();
        assertEquals(1, loopThreads);
        source.destroy();
        Await.noThreadsStartingWith("streamz4j-loop-percolate");
    }

    @Test
    void syncInEventLoop() {
        // mirrors streamz tests/test_core.py::test_sync_in_event_loop
        Stream<Integer> a = new Stream<>("sync-in-loop");
        List<List<Integer>> l = new CopyOnWriteArrayList<>();
        Stream<List<Integer>> windows = a.timedWindow(Duration.ofMillis(10));
        windows.sink(l::add);
        Seen threads = new Seen().on(windows);
        Await.until(() -> !l.isEmpty(), "a window from the loop's own thread");   // sleep(0.05); assert L
        Await.until(() -> threads.size() == 1);
        assertEquals(List.of("streamz4j-loop-sync-in-loop"), threads.names());    // assert a.loop
        assertNotEquals(Thread.currentThread().getName(), threads.names().get(0)); // a.loop is not IOLoop.current()
        a.destroy();
        Await.noThreadsStartingWith("streamz4j-loop-sync-in-loop");
    }
}
