package io.streamz4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.runtime.EventLoop;
import io.streamz4j.runtime.ManualClock;
import io.streamz4j.runtime.WaitStrategy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Stream#close()}: a pipeline closed gracefully delivers what its buffers accepted and has
 * its time-based nodes emit what they hold before its threads end; and emitting into a destroyed
 * node, whatever is below it, or into a closed loop, fails with one IllegalStateException naming
 * it. Time-based nodes run on a loop whose {@link ManualClock} never moves, so anything they emit
 * after the first instant was flushed by the close, not by time.
 */
class PipelineCloseTest {
    private static final Duration SECOND = Duration.ofSeconds(1);

    private final EventLoop loop = EventLoop.create("closing", new ManualClock(), WaitStrategy.BLOCKING);

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    @Test
    void fiftyElementsInABufferOfAHundredReachTheSinkOnClose() throws InterruptedException {
        Stream<Integer> source = new Stream<>("fifty");
        CountDownLatch consumerGoes = new CountDownLatch(1);
        List<Integer> seen = new CopyOnWriteArrayList<>();
        Stream<Integer> buffer = source.buffer(100);
        buffer.sink(x -> {
            awaitUninterruptibly(consumerGoes);
            seen.add(x);
        });
        for (int i = 0; i < 50; i++) {
            source.emit(i);
        }
        assertTrue(seen.isEmpty(), "the consumer waits, so all 50 are in the buffer");
        consumerGoes.countDown();

        source.close();

        assertEquals(range(50), seen, "close returned only once the buffer had delivered everything");
        assertTrue(buffer.isDestroyed());
        assertEquals(0, buffer.droppedOnDestroy());
        Await.noThreadsStartingWith("streamz4j-fifty-buffer");
    }

    @Test
    void closeFlushesADelaysQueue() {
        Stream<Integer> source = new Stream<>("delay", loop);
        Stream<Integer> delay = source.delay(SECOND);
        List<Integer> out = recorded(delay);
        Tracked tracked = emit(source, 5);
        Await.loopCaughtUp(loop);
        assertEquals(List.of(0), out, "one went out at once, four wait for time that never moves");

        source.close();

        assertEquals(range(5), out, "the queue went out, in order");
        assertEquals(0, delay.droppedOnDestroy());
        assertNull(tracked.notReleasedExactlyOnce());
    }

    @Test
    void closeFlushesATimedWindowsCurrentWindow() {
        Stream<Integer> source = new Stream<>("window", loop);
        Stream<List<Integer>> window = source.timedWindow(SECOND);
        List<List<Integer>> out = recorded(window);
        Tracked tracked = emit(source, 3);
        Await.loopCaughtUp(loop);

        window.close();

        assertEquals(range(3), out.get(out.size() - 1), "the window in progress went out");
        assertEquals(0, window.droppedOnDestroy());
        assertNull(tracked.notReleasedExactlyOnce());
    }

    @Test
    void closeFlushesTimedPartitionsPartialPartitionsKeyedOrNot() {
        Stream<Integer> source = new Stream<>("partition", loop);
        List<List<Integer>> plain = recorded(source.partition(10, SECOND));
        List<List<Integer>> keyed = recorded(source.partition(10, SECOND, x -> x % 2));
        List<List<Integer>> unique = recorded(source.timedWindowUnique(SECOND));
        Tracked tracked = emit(source, 5);
        Await.loopCaughtUp(loop);
        assertTrue(plain.isEmpty() && keyed.isEmpty(), "nothing timed out: the clock never moved");

        source.close();

        assertEquals(List.of(range(5)), plain);
        assertEquals(List.of(List.of(0, 2, 4), List.of(1, 3)), sortedByFirst(keyed));
        assertEquals(range(5), unique.get(unique.size() - 1));
        assertNull(tracked.notReleasedExactlyOnce());
    }

    @Test
    void closeFlushesInPipelineOrderSoWhatOneNodeFlushesReachesTheNext() {
        // buffer -> delay -> timed_window: the buffer's elements reach the delay, the delay's
        // queue reaches the window, and the window goes out, all in the one close
        Stream<Integer> source = new Stream<>("chain", loop);
        CountDownLatch consumerGoes = new CountDownLatch(1);
        Stream<Integer> buffered = source.buffer(20).map(x -> {
            awaitUninterruptibly(consumerGoes);
            return x;
        });
        List<Integer> flat = new CopyOnWriteArrayList<>();
        buffered.delay(SECOND).timedWindow(SECOND).sink(flat::addAll);
        Tracked tracked = emit(source, 10);
        consumerGoes.countDown();

        source.close();

        assertEquals(range(10), flat);
        assertNull(tracked.notReleasedExactlyOnce());
    }

    @Test
    void aCountPartitionsPartialContentsAreDroppedOnCloseCountedAndReleased() {
        // without more input a count partition never emits: close lets it go, reporting it
        Stream<Integer> source = new Stream<>("count");
        Stream<List<Integer>> partition = source.partition(3);
        List<List<Integer>> out = recorded(partition);
        Tracked tracked = emit(source, 5);

        String log = StderrCapture.stderrOf(source::close);

        assertEquals(List.of(range(3)), out);
        assertEquals(2, partition.droppedOnDestroy());
        assertTrue(log.contains("WARN") && log.contains("<partition: 3>") && log.contains("2 element"), log);
        assertNull(tracked.notReleasedExactlyOnce());
    }

    @Test
    void destroyDropsWhatTimeNodesHoldCountingAndLoggingIt() {
        Stream<Integer> source = new Stream<>("dropping", loop);
        Stream<Integer> delay = source.delay(SECOND);
        Stream<List<Integer>> window = source.timedWindow(SECOND);
        Stream<List<Integer>> partition = source.partition(10, SECOND);
        List<Integer> delayed = recorded(delay);
        Tracked tracked = emit(source, 5);
        Await.loopCaughtUp(loop);

        String log = StderrCapture.stderrOf(source::destroy);

        assertEquals(List.of(0), delayed, "destroy emits nothing more");
        assertEquals(4, delay.droppedOnDestroy());
        assertEquals(5, window.droppedOnDestroy());
        assertEquals(5, partition.droppedOnDestroy());
        for (String line : List.of("<delay: 1.0> destroyed holding 4 element",
                "<timed_window: 1.0> destroyed holding 5 element", "<partition: 10> destroyed holding 5 element")) {
            assertTrue(log.contains(line), () -> line + " not in " + log);
        }
        assertEquals(3, log.lines().filter(l -> l.contains("WARN")).count(), log);
        assertNull(tracked.notReleasedExactlyOnce());
        assertEquals(4, delay.droppedOnDestroy(), "counted once");
    }

    @Test
    void closeIsIdempotentAndReachesThePipelineFromAnyNode() {
        Stream<Integer> source = new Stream<>("any", loop);
        Stream<Integer> delay = source.map(x -> x + 1).delay(SECOND);
        List<Integer> out = recorded(delay);
        emit(source, 3);
        Await.loopCaughtUp(loop);

        delay.close(); // not the source
        delay.close();
        source.destroy();

        assertEquals(List.of(1, 2, 3), out);
        assertTrue(source.isDestroyed());
        Await.until(() -> !loop.isRunning(), "the loop to end with its last node");
    }

    /** Emitting into a destroyed node fails the same way whatever is below it. */
    @Test
    void emittingIntoADestroyedPipelineFailsNamingTheNodeWhateverIsBelow() {
        List<Function<Stream<Integer>, Stream<?>>> belows = List.of(
                s -> s.map(x -> x),
                s -> s.buffer(4),
                s -> s.timedWindow(SECOND),
                s -> s.delay(SECOND),
                s -> s.partition(3, SECOND),
                s -> s.map(x -> x).union(new Stream<>()),
                s -> s);
        for (Function<Stream<Integer>, Stream<?>> below : belows) {
            for (boolean closed : List.of(false, true)) {
                Stream<Integer> source = new Stream<>("gone", loop);
                Stream<?> node = below.apply(source);
                if (closed) {
                    source.close();
                } else {
                    source.destroy();
                }
                String shape = node + (closed ? " closed" : " destroyed");
                IllegalStateException plain = assertThrows(IllegalStateException.class, () -> source.emit(1), shape);
                assertTrue(plain.getMessage().contains("<gone; Stream>") && plain.getMessage().contains("destroyed"),
                        plain.getMessage());
                RefCounter ref = RefCounter.keepingAlive(source, 1, () -> { });
                assertThrows(IllegalStateException.class, () -> source.emit(1, Metadata.withRef(ref)), shape);
                assertEquals(1, ref.count(), shape + ": nothing took a reference to the refused element");
                Throwable failed = assertThrows(java.util.concurrent.CompletionException.class,
                        () -> source.emitAsync(1).join(), shape).getCause();
                assertTrue(failed instanceof IllegalStateException, shape + ": " + failed);
            }
        }
    }

    @Test
    void emittingAboveADestroyedNodeDropsAsStreamzDoes() {
        // in streamz a node with no downstreams drops what it is given: that is not an error
        Stream<Integer> source = new Stream<>();
        Stream<List<Integer>> window = source.timedWindow(SECOND);
        Stream<Integer> map = source.map(x -> x);
        window.destroy();
        map.destroy();
        source.emit(1);
        assertTrue(source.downstreams().isEmpty());
        source.destroy();
    }

    @Test
    void emittingIntoATimeNodeOfAClosedLoopFailsInsteadOfQueueingForever() {
        Stream<Integer> source = new Stream<>("loop-closed", loop);
        Stream<Integer> delay = source.delay(SECOND);
        loop.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> source.emit(1));
        assertTrue(e.getMessage().contains("closed") && e.getMessage().contains("delay"), e.getMessage());
        delay.destroy();
        source.destroy();
    }

    /**
     * What {@code node} emits, recorded by a plain sink: a sinkToList would, once destroyed with
     * its pipeline, let go of the elements it kept alive, and these carry kept-alive references.
     */
    private static <T> List<T> recorded(Stream<T> node) {
        List<T> out = new CopyOnWriteArrayList<>();
        node.sink(out::add);
        return out;
    }

    private static Tracked emit(Stream<Integer> source, int n) {
        Tracked tracked = new Tracked();
        for (int i = 0; i < n; i++) {
            tracked.emit(source, i);
        }
        return tracked;
    }

    private static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }

    private static List<List<Integer>> sortedByFirst(List<List<Integer>> lists) {
        List<List<Integer>> sorted = new ArrayList<>(lists);
        sorted.sort((x, y) -> Integer.compare(x.get(0), y.get(0)));
        return sorted;
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
