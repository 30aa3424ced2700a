package io.streamz4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/**
 * Two threads emitting into a plain {@link Stream} at once are caught, the error naming both
 * threads and pointing to {@link Stream#threadSafe()}; a pipeline handed from one thread to
 * another, an element a node emits back into its own source, and a thread-safe source fed by
 * many threads are not. The build runs tests with {@code -Dstreamz4j.checkThreads=true}, which
 * switches the check on.
 */
class EmitGuardTest {

    @Test
    void theBuildSwitchesTheCheckOn() {
        assertTrue(EmitGuard.ON, "run with -Dstreamz4j.checkThreads=true, as the build's test JVM flags do");
    }

    @Test
    void threadsRacingToEmitIntoAnAccumulateAreCaughtNamingBoth() throws InterruptedException {
        // The reproduction: accumulate lost updates when two threads fed it; now one of them fails.
        Stream<Integer> source = new Stream<>("raced");
        source.accumulate(Integer::sum, 0).sink(x -> { });
        List<Throwable> caught = new CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> racers = new ArrayList<>();
        for (String name : List.of("racer-a", "racer-b")) {
            Thread racer = new Thread(() -> {
                try {
                    start.await();
                    for (int i = 0; i < 2_000_000 && caught.isEmpty(); i++) {
                        source.emit(1);
                    }
                } catch (IllegalStateException e) {
                    caught.add(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, name);
            racers.add(racer);
            racer.start();
        }
        start.countDown();
        for (Thread racer : racers) {
            racer.join();
        }
        assertTrue(!caught.isEmpty(), "two threads emitted 2,000,000 elements each into one plain source unseen");
        String message = caught.get(0).getMessage();
        assertTrue(message.contains("'racer-a'") && message.contains("'racer-b'"), message);
        assertTrue(message.contains("Stream.threadSafe()"), message);
    }

    @Test
    void aSecondThreadEmittingWhileTheFirstIsInsideIsRefusedNamingBoth() throws InterruptedException {
        Stream<Integer> source = new Stream<>("shared");
        CountDownLatch firstInside = new CountDownLatch(1);
        CountDownLatch letFirstGo = new CountDownLatch(1);
        List<Integer> l = new CopyOnWriteArrayList<>();
        source.sink(x -> {
            if (x == 1) {
                firstInside.countDown();
                try {
                    letFirstGo.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            l.add(x);
        });
        Thread first = new Thread(() -> source.emit(1), "emitter-one");
        first.start();
        assertTrue(firstInside.await(Await.TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));

        AtomicReference<Throwable> refused = new AtomicReference<>();
        Thread second = new Thread(() -> {
            try {
                source.emit(2);
            } catch (Throwable t) {
                refused.set(t);
            }
        }, "emitter-two");
        second.start();
        second.join();
        letFirstGo.countDown();
        first.join();

        assertTrue(refused.get() instanceof IllegalStateException, String.valueOf(refused.get()));
        String message = refused.get().getMessage();
        assertTrue(message.contains("'emitter-one'") && message.contains("'emitter-two'"), message);
        assertTrue(message.contains("<shared; Stream>"), message);
        assertTrue(message.contains("Stream.threadSafe()"), message);
        assertEquals(List.of(1), l);   // the refused element never reached the pipeline
        source.emit(3);                // the first thread has left: the source is free again
        assertEquals(List.of(1, 3), l);
    }

    @Test
    void emittingWithMetadataIsCheckedToo() throws InterruptedException {
        Stream<Integer> source = new Stream<>("with-metadata");
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        source.sink(x -> {
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread first = new Thread(() -> source.emit(1, List.of()), "metadata-one");
        first.start();
        assertTrue(inside.await(Await.TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> source.emit(2, List.of()));
        release.countDown();
        first.join();
        assertTrue(e.getMessage().contains("'metadata-one'"), e.getMessage());
    }

    @Test
    void aPipelineHandedFromThreadToThreadIsNotFlagged() throws InterruptedException {
        Stream<Integer> source = new Stream<>("handed-over");
        List<Integer> l = source.map(x -> x + 1).accumulate(Integer::sum, 0).sinkToList();
        for (String name : List.of("worker-a", "worker-b")) {
            Thread worker = new Thread(() -> IntStream.range(0, 1_000).forEach(source::emit), name);
            worker.start();
            worker.join();
        }
        source.emit(0);   // and back on the thread that built it

        assertEquals(2_001, l.size());
        assertEquals(2 * 500_500 + 1, l.get(l.size() - 1));
    }

    @Test
    void anElementEmittedBackIntoItsOwnSourceOnTheSameThreadIsNotFlagged() {
        Stream<Integer> source = new Stream<>("feedback");
        List<Integer> l = new ArrayList<>();
        source.sink(x -> {
            l.add(x);
            if (x > 0) {
                source.emit(x - 1);
            }
        });
        source.emit(3);
        assertEquals(List.of(3, 2, 1, 0), l);
        source.emit(9);   // the nested emits left the source free
        assertEquals(14, l.size());
    }

    @Test
    void aThreadSafeSourceFedByManyThreadsIsNotFlagged() throws InterruptedException {
        Stream<Integer> source = Stream.threadSafe();
        try {
            List<Integer> l = ThreadSafeSink.collect(source);
            List<Thread> producers = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                Thread producer = new Thread(() -> IntStream.range(0, 1_000).forEach(source::emit), "producer-" + p);
                producers.add(producer);
                producer.start();
            }
            for (Thread producer : producers) {
                producer.join();
            }
            Await.until(() -> l.size() == 4_000, () -> l.size() + " of 4000");
        } finally {
            source.destroy();
        }
    }
}
