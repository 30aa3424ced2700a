package io.streamz4j.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.Await;
import io.streamz4j.Source;
import io.streamz4j.Stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * The embedder owns the threads: every thread a node starts comes from the pipeline's
 * {@link Threads} (a thread factory, or none at all with an {@link Invoker}), keeps the engine's
 * name unless the factory chose one, and no thread is started any other way.
 */
class ThreadsTest {

    /** A factory that records every thread it makes and the name the engine passed along. */
    private static final class RecordingFactory implements ThreadFactory {
        final Set<Thread> made = ConcurrentHashMap.newKeySet();
        final List<String> engineNames = new CopyOnWriteArrayList<>();
        private final String prefix;
        private final AtomicInteger count = new AtomicInteger();

        /** {@code prefix} null: leaves the threads unnamed, as {@code new Thread(r)} does. */
        RecordingFactory(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable work) {
            engineNames.add(work.toString());
            Thread thread = prefix == null ? new Thread(work) : new Thread(work, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            made.add(thread);
            return thread;
        }

        Set<String> names() {
            return made.stream().map(Thread::getName).collect(Collectors.toSet());
        }
    }

    private static Set<Thread> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
    }

    /** Live threads that were not alive in {@code before}, without the JDK's own process reaper. */
    private static Set<Thread> startedSince(Set<Thread> before) {
        Set<Thread> now = new HashSet<>(liveThreads());
        now.removeAll(before);
        now.removeIf(t -> t.getName().equals("process reaper"));
        return now;
    }

    private static Set<String> names(Set<Thread> threads) {
        return threads.stream().map(Thread::getName).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    @Test
    void everyKindOfNodeStartsItsThreadsThroughThePipelinesFactoryAndNoOtherThreadStarts() throws Exception {
        Set<Thread> before = liveThreads();
        RecordingFactory factory = new RecordingFactory(null);
        Threads threads = Threads.factory(factory);
        Set<Thread> ran = ConcurrentHashMap.newKeySet();

        // a loop (timed window), a buffer's consumer, a join gate (zip of streams on different threads)
        Stream<Integer> source = new Stream<>("fac", threads);
        List<List<Integer>> windows = new CopyOnWriteArrayList<>();
        source.timedWindow(Duration.ofMillis(1)).sink(w -> {
            ran.add(Thread.currentThread());
            if (!w.isEmpty()) {
                windows.add(w);
            }
        });
        Stream<Integer> buffered = source.buffer(4);
        List<List<Object>> zipped = new CopyOnWriteArrayList<>();
        buffered.zip(source.map(x -> -x)).sink(t -> {
            ran.add(Thread.currentThread());
            zipped.add(t);
        });
        // a thread-safe source's ring
        Stream<Integer> safe = Stream.threadSafe("fac-safe", WaitStrategy.BLOCKING, threads);
        List<Integer> safeSeen = new CopyOnWriteArrayList<>();
        safe.sink(x -> {
            ran.add(Thread.currentThread());
            safeSeen.add(x);
        });
        // a queue source's consumer
        LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
        Source<String> fromQueue = Stream.fromQueue(queue);
        fromQueue.withThreads(threads);
        List<String> queued = new CopyOnWriteArrayList<>();
        fromQueue.sink(x -> {
            ran.add(Thread.currentThread());
            queued.add(x);
        });
        // a polling source and a process reader, on a loop made with the same threads
        EventLoop pollLoop = EventLoop.create("fac-poll", Clock.system(), WaitStrategy.BLOCKING, threads);
        AtomicInteger polls = new AtomicInteger();
        Source<Integer> periodic = Stream.fromPeriodic(polls::incrementAndGet, Duration.ofMillis(1), false, pollLoop);
        periodic.sink(x -> ran.add(Thread.currentThread()));
        EventLoop processLoop = EventLoop.create("fac-proc", Clock.system(), WaitStrategy.BLOCKING, threads);
        Source<String> process = Stream.fromProcess(List.of("echo", "hello"), false, true, false, processLoop);
        List<String> lines = new CopyOnWriteArrayList<>();
        process.sink(lines::add);

        for (int i = 0; i < 3; i++) {
            source.emit(i);
            safe.emit(i);
        }
        queue.put("q");
        fromQueue.start();
        periodic.start();
        process.start();
        Await.until(() -> windows.stream().mapToInt(List::size).sum() == 3 && zipped.size() == 3
                && safeSeen.size() == 3 && queued.size() == 1 && polls.get() > 0 && lines.equals(List.of("hello\n")),
                () -> windows + " " + zipped + " " + safeSeen + " " + queued + " " + polls + " " + lines);

        Set<Thread> started = startedSince(before);
        assertTrue(factory.made.containsAll(started), () -> "threads not made by the factory: "
                + names(started.stream().filter(t -> !factory.made.contains(t)).collect(Collectors.toSet())));
        assertTrue(factory.made.containsAll(ran), "every node ran on a thread the factory made");
        // the factory left them unnamed: each carries the engine's name, the one handed to the factory
        assertEquals(new HashSet<>(factory.engineNames), factory.names());
        Set<String> made = new java.util.TreeSet<>(factory.names());
        for (String expected : List.of("streamz4j-loop-fac", "streamz4j-fac-zip", "streamz4j-fac-safe-threadsafe",
                "streamz4j-from_q-queue", "streamz4j-loop-fac-poll", "streamz4j-loop-fac-proc",
                "streamz4j-from_process-process")) {
            assertTrue(made.contains(expected), () -> expected + " missing from " + made);
        }
        assertTrue(made.stream().anyMatch(n -> n.startsWith("streamz4j-fac-buffer-")), made::toString);

        for (Stream<?> s : List.of(source, safe, fromQueue, periodic, process)) {
            s.destroy();
        }
        pollLoop.close();
        processLoop.close();
        Await.until(() -> startedSince(before).isEmpty(), () -> "left alive: " + names(startedSince(before)));
    }

    @Test
    void aNameTheFactoryChoseIsKeptAndTheEngineNameIsPassedAlong() {
        RecordingFactory factory = new RecordingFactory("svc-");
        Stream<Integer> source = new Stream<>("named", Threads.factory(factory));
        List<String> threadNames = new CopyOnWriteArrayList<>();
        source.buffer(2).sink(x -> threadNames.add(Thread.currentThread().getName()));
        source.emit(1);
        Await.until(() -> threadNames.size() == 1);
        assertEquals(List.of("svc-1"), threadNames);
        assertEquals(1, factory.engineNames.size());
        assertTrue(factory.engineNames.get(0).startsWith("streamz4j-named-buffer-"), factory.engineNames::toString);
        source.destroy();
        // the JDK's made-up names count as no name
        Thread pooled = Threads.factory(java.util.concurrent.Executors.defaultThreadFactory())
                .newThread("streamz4j-pooled", () -> { });
        assertEquals("streamz4j-pooled", pooled.getName());
        Thread chosen = Threads.factory(r -> new Thread(r, "Thread-one")).newThread("streamz4j-chosen", () -> { });
        assertEquals("Thread-one", chosen.getName(), "only the JDK's numbered names are replaced");
    }

    @Test
    void theProcessDefaultMakesTheThreadsOfPipelinesGivenNone() {
        RecordingFactory factory = new RecordingFactory(null);
        Threads.setDefault(Threads.factory(factory));
        try {
            Stream<Integer> source = new Stream<>("by-default");
            List<Thread> ran = new CopyOnWriteArrayList<>();
            source.buffer(2).sink(x -> ran.add(Thread.currentThread()));
            source.delay(Duration.ofMillis(1)).sink(x -> ran.add(Thread.currentThread()));
            source.emit(1);
            Await.until(() -> ran.size() == 2);
            assertTrue(factory.made.containsAll(ran));
            assertEquals(2, factory.made.size(), () -> factory.names().toString());
            source.destroy();
            Await.until(() -> factory.made.stream().noneMatch(Thread::isAlive), "the threads to end on destroy");
        } finally {
            Threads.setDefault(null);
        }
        assertSame(Threads.daemon(), Threads.getDefault());
    }

    @Test
    void badFactoriesFailNamingWhatWasWrong() {
        IllegalArgumentException noFactory = assertThrows(IllegalArgumentException.class, () -> Threads.factory(null));
        assertTrue(noFactory.getMessage().contains("'factory'"), noFactory.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Threads.invokedBy(null));
        Stream<Integer> source = new Stream<>("refused", Threads.factory(r -> null));
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> source.buffer(2));
        assertTrue(refused.getMessage().contains("streamz4j-refused-buffer-"), refused.getMessage());
        assertTrue(source.downstreams().isEmpty(), "the buffer that could not start is not connected");
    }

    @Test
    void threadsCannotChangeUnderNodesAlreadyBuilt() {
        Stream<Integer> source = new Stream<>("late");
        source.map(x -> x);
        assertThrows(IllegalStateException.class, () -> source.withThreads(Threads.daemon()));
        Source<Integer> polling = Stream.fromPeriodic(() -> 1, Duration.ofSeconds(1), false,
                EventLoop.create("late-loop", Clock.system(), WaitStrategy.BLOCKING, Threads.daemon()));
        IllegalStateException otherLoop = assertThrows(IllegalStateException.class,
                () -> polling.withThreads(Threads.factory(r -> new Thread(r))));
        assertTrue(otherLoop.getMessage().contains("EventLoop.create"), otherLoop.getMessage());
        source.destroy();
        polling.destroy();
    }

    @Test
    void inInvokerModeATimedWindowAndBuffersRunOnTheInvokingThreadAndNoEngineThreadExists() {
        Set<Thread> before = liveThreads();
        Thread me = Thread.currentThread();
        ManualClock clock = new ManualClock();
        Invoker invoker = new Invoker("service");
        EventLoop loop = EventLoop.create("inv", clock, WaitStrategy.BUSY_SPIN, Threads.invokedBy(invoker));
        Stream<Integer> source = new Stream<>("inv", loop);
        Set<Thread> ran = ConcurrentHashMap.newKeySet();
        List<List<Integer>> windows = new ArrayList<>();
        source.map(x -> x * 10).buffer(3).timedWindow(Duration.ofSeconds(1)).buffer(2).sink(w -> {
            ran.add(Thread.currentThread());
            windows.add(w);
        });
        assertEquals(3, invoker.workCount(), "the loop and both buffers' consumers are registered");
        assertEquals(0, invoker.invoke(), "nothing runs before start, as with Agrona's AgentInvoker");

        invoker.start();
        drain(invoker);
        // ten elements through a buffer of three: the emitting thread, held back, drives the consumer itself
        for (int i = 0; i < 10; i++) {
            source.emit(i);
        }
        drain(invoker);
        clock.advance(Duration.ofSeconds(1));
        drain(invoker);
        List<Integer> firstWindow = List.of(0, 10, 20, 30, 40, 50, 60, 70, 80, 90);
        assertEquals(firstWindow, windows.stream().filter(w -> !w.isEmpty()).findFirst().orElseThrow());

        source.emit(10);
        source.emit(11);
        drain(invoker);
        clock.advance(Duration.ofSeconds(1));
        drain(invoker);
        assertEquals(List.of(firstWindow, List.of(100, 110)), windows.stream().filter(w -> !w.isEmpty()).toList());
        assertEquals(Set.of(me), ran, "every node ran on the invoking thread");
        assertEquals(Set.of(), names(startedSince(before)), "no engine thread was started");

        // close: the window's last elements are flushed through the second buffer on this thread
        source.emit(12);
        source.close();
        assertEquals(List.of(120), windows.get(windows.size() - 1));
        assertEquals(0, invoker.workCount(), "the loop and the rings left the invoker");
        assertFalse(loop.isRunning());
        assertEquals(Set.of(), names(startedSince(before)));
        invoker.close();
    }

    @Test
    void inInvokerModeAJoinGateAndAPollingSourceRunOnTheInvokingThread() {
        Set<Thread> before = liveThreads();
        ManualClock clock = new ManualClock();
        Invoker invoker = new Invoker("join");
        EventLoop loop = EventLoop.create("inv-join", clock, WaitStrategy.BLOCKING, Threads.invokedBy(invoker));
        Stream<Integer> source = new Stream<>("inv-join", loop);
        Set<Thread> ran = ConcurrentHashMap.newKeySet();
        List<List<Object>> zipped = new ArrayList<>();
        // a buffer's side and the emitting side meet: the zip gets a ring in front
        source.buffer(2).zip(source.map(x -> -x)).sink(t -> {
            ran.add(Thread.currentThread());
            zipped.add(t);
        });
        AtomicInteger calls = new AtomicInteger();
        Source<Integer> periodic = Stream.fromPeriodic(calls::incrementAndGet, Duration.ofSeconds(1), false, loop);
        List<Integer> polled = new ArrayList<>();
        periodic.sink(x -> {
            ran.add(Thread.currentThread());
            polled.add(x);
        });
        assertEquals(2, invoker.workCount(), "the buffer's ring and the zip's ring");
        invoker.start();
        periodic.start();
        assertEquals(3, invoker.workCount(), "and the loop, once the polling source starts");
        for (int i = 1; i <= 3; i++) {
            source.emit(i);
        }
        drain(invoker);
        clock.advance(Duration.ofSeconds(1));
        drain(invoker);
        assertEquals(List.of(List.of(1, -1), List.of(2, -2), List.of(3, -3)), zipped);
        assertEquals(List.of(1, 2), polled, "a poll at start and one a second later");
        assertEquals(Set.of(Thread.currentThread()), ran);
        assertEquals(Set.of(), names(startedSince(before)));
        periodic.stop();
        source.close();
        periodic.destroy();
        assertEquals(0, invoker.workCount());
        invoker.close();
    }

    @Test
    void closingTheInvokerEndsWhatItDrives() {
        Invoker invoker = new Invoker("closing");
        Stream<Integer> source = new Stream<>("inv-close", Threads.invokedBy(invoker));
        Stream<Integer> buffered = source.buffer(4);
        List<Integer> seen = new ArrayList<>();
        buffered.sink(seen::add);
        EventLoop loop = EventLoop.create("inv-close-loop", new ManualClock(), WaitStrategy.BLOCKING,
                Threads.invokedBy(invoker));
        loop.acquire();
        assertTrue(loop.isRunning());
        assertEquals(2, invoker.workCount());
        invoker.start();
        source.emit(1);
        source.emit(2);

        invoker.close();
        assertEquals(List.of(1, 2), seen, "the ring delivered what it had accepted before it closed");
        assertEquals(0, invoker.workCount());
        assertFalse(loop.isRunning());
        assertThrows(IllegalStateException.class, () -> source.emit(3));
        assertEquals(0, invoker.invoke());
        IllegalStateException closed = assertThrows(IllegalStateException.class, () -> source.buffer(2));
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
        assertThrows(IllegalStateException.class, invoker::start);
        source.destroy();
    }

    @Test
    void anInvokedQueueSourceAndThreadSafeSourceRunOnTheServicesOwnThread() throws Exception {
        Set<Thread> before = liveThreads();
        Invoker invoker = new Invoker("svc");
        Threads threads = Threads.invokedBy(invoker);
        LinkedBlockingQueue<Integer> queue = new LinkedBlockingQueue<>();
        Source<Integer> fromQueue = Stream.fromQueue(queue);
        fromQueue.withThreads(threads);
        Stream<Integer> safe = Stream.threadSafe("inv-safe", WaitStrategy.BLOCKING, threads);
        Set<Thread> ran = ConcurrentHashMap.newKeySet();
        List<Integer> fromQ = new CopyOnWriteArrayList<>();
        List<Integer> fromSafe = new CopyOnWriteArrayList<>();
        fromQueue.sink(x -> {
            ran.add(Thread.currentThread());
            fromQ.add(x);
        });
        safe.sink(x -> {
            ran.add(Thread.currentThread());
            fromSafe.add(x);
        });
        assertNull(((io.streamz4j.sources.ThreadSafeSource<Integer>) safe).consumerThread());
        fromQueue.start();
        assertNull(((io.streamz4j.sources.FromQueue<Integer>) fromQueue).consumerThread());

        // the service's own thread drives the invoker, as an AgentRunner would
        Thread service = new Thread(() -> {
            invoker.start();
            while (!invoker.isClosed()) {
                if (invoker.invoke() == 0) {
                    Thread.onSpinWait();
                }
            }
        }, "service-thread");
        service.start();
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            int base = p * 1000;
            producers.add(new Thread(() -> {
                for (int i = 0; i < 500; i++) {
                    safe.emit(base + i);
                    queue.add(base + i);
                }
            }, "producer-" + p));
        }
        producers.forEach(Thread::start);
        for (Thread producer : producers) {
            producer.join();
        }
        Await.until(() -> fromQ.size() == 1000 && fromSafe.size() == 1000, () -> fromQ.size() + " " + fromSafe.size());
        assertEquals(Set.of(service), ran);
        for (List<Integer> seen : List.of(fromQ, fromSafe)) {
            for (int base : List.of(0, 1000)) {
                List<Integer> ofProducer = seen.stream().filter(x -> x >= base && x < base + 1000).toList();
                assertEquals(java.util.stream.IntStream.range(base, base + 500).boxed().toList(), ofProducer);
            }
        }
        Set<Thread> started = startedSince(before);
        started.removeAll(producers);
        assertEquals(Set.of("service-thread"), names(started), "the engine started no thread");

        fromQueue.stop();
        queue.add(-1);
        safe.destroy();
        fromQueue.destroy();
        assertEquals(0, invoker.workCount());
        invoker.close();
        service.join();
        assertFalse(fromQ.contains(-1), "a stopped queue source takes nothing more");
    }

    @Test
    void producersHeldBackByAFullInvokedRingDriveItThemselvesWhenNoServiceThreadDoes() throws Exception {
        Invoker invoker = new Invoker("producers");
        Stream<Integer> safe = Stream.threadSafe("inv-full", WaitStrategy.BLOCKING, Threads.invokedBy(invoker));
        List<Integer> seen = new ArrayList<>(); // one writer at a time: the claim orders the producers' turns
        safe.sink(seen::add);
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            int base = p * 100_000;
            producers.add(new Thread(() -> {
                for (int i = 0; i < 5000; i++) {
                    safe.emit(base + i); // five times the ring's 1024 slots: room comes only from a producer
                }
            }, "full-producer-" + p));
        }
        producers.forEach(Thread::start);
        for (Thread producer : producers) {
            producer.join(Await.TIMEOUT.toMillis());
            assertFalse(producer.isAlive(), producer.getName() + " is stuck on a full ring nobody drives");
        }
        invoker.start();
        drain(invoker);
        assertEquals(10_000, seen.size());
        for (int base : List.of(0, 100_000)) {
            assertEquals(java.util.stream.IntStream.range(base, base + 5000).boxed().toList(),
                    seen.stream().filter(x -> x >= base && x < base + 100_000).toList());
        }
        safe.close();
        invoker.close();
    }

    /** Invokes until a duty cycle finds nothing to do. */
    private static void drain(Invoker invoker) {
        while (invoker.invoke() > 0) {
            // keep going
        }
    }
}
