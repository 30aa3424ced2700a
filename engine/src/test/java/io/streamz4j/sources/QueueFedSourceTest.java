package io.streamz4j.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * The base of the network sources: an owned queue drained at stop (nothing accepted is lost), the
 * intake opened before the consumer and closed before the drain, {@code drained()} after it, and a
 * failing intake leaving the source stopped.
 */
class QueueFedSourceTest {
    private static final AtomicInteger RUNS = new AtomicInteger();

    /** Records the order of its lifecycle calls and the elements it emitted. */
    private static final class OwnedQueueSource extends QueueFedSource<Integer, Integer> {
        final List<String> events = new CopyOnWriteArrayList<>();
        final BlockingQueue<Integer> queue;
        final boolean drains;
        final RuntimeException intakeFailure;

        OwnedQueueSource(BlockingQueue<Integer> queue, boolean drains, RuntimeException intakeFailure) {
            super("owned-" + RUNS.incrementAndGet(), queue, "owned");
            this.queue = queue;
            this.drains = drains;
            this.intakeFailure = intakeFailure;
        }

        @Override
        protected void deliver(Integer item) {
            emit(item);
        }

        @Override
        protected void startIntake() {
            if (intakeFailure != null) {
                throw intakeFailure;
            }
            events.add("startIntake");
        }

        @Override
        protected void stopIntake() {
            events.add("stopIntake");
        }

        @Override
        protected boolean drainsOnStop() {
            return drains;
        }

        @Override
        protected void drained() {
            events.add("drained");
        }

        @Override
        protected String kind() {
            return "owned_queue";
        }
    }

    @Test
    void aDrainingSourceEmitsWhatItsQueueHeldAtStopAfterClosingTheIntake() throws InterruptedException {
        OwnedQueueSource source = new OwnedQueueSource(new ArrayBlockingQueue<>(100), true, null);
        stopWhileTheSinkHoldsTheFirstOf(source, 50);

        List<String> events = source.events;
        assertEquals("startIntake", events.get(0));
        assertEquals("drained", events.get(events.size() - 1));
        for (int i = 0; i < 50; i++) {
            assertTrue(events.contains("emit " + i), "element " + i + " accepted before stop was lost");
        }
        assertTrue(source.queue.isEmpty());
        source.destroy();
    }

    @Test
    void aSourceThatDoesNotDrainLeavesTheQueueAsItWas() throws InterruptedException {
        OwnedQueueSource source = new OwnedQueueSource(new ArrayBlockingQueue<>(100), false, null);
        stopWhileTheSinkHoldsTheFirstOf(source, 10);
        assertEquals(9, source.queue.size());
        source.destroy();
    }

    /**
     * Starts {@code source} with a sink that holds the first element until the source's intake is
     * closed, puts {@code count} elements, and stops it from another thread while the rest wait in
     * the queue; returns once that stop has returned.
     */
    private static void stopWhileTheSinkHoldsTheFirstOf(OwnedQueueSource source, int count) throws InterruptedException {
        CountDownLatch firstTaken = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        source.sink(x -> {
            source.events.add("emit " + x);
            firstTaken.countDown();
            await(release); // the sink is slow: the rest waits in the queue
        });
        source.start();
        for (int i = 0; i < count; i++) {
            source.queue.put(i);
        }
        assertTrue(firstTaken.await(10, TimeUnit.SECONDS));
        Thread stopper = new Thread(source::stop);
        stopper.start();
        while (!source.events.contains("stopIntake")) {
            Thread.onSpinWait();
        }
        release.countDown();
        stopper.join(10_000);
        assertFalse(stopper.isAlive());
    }

    @Test
    void aStopFromANodeBelowDrainsThenCallsDrainedOnTheConsumer() throws InterruptedException {
        OwnedQueueSource source = new OwnedQueueSource(new ArrayBlockingQueue<>(100), true, null);
        List<Integer> seen = new CopyOnWriteArrayList<>();
        source.sink(x -> {
            seen.add(x);
            if (x == 0) {
                source.stop();
            }
        });
        source.events.clear();
        for (int i = 0; i < 5; i++) {
            source.queue.put(i);
        }
        source.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!source.events.contains("drained") && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(List.of(0, 1, 2, 3, 4), seen);
        assertEquals(List.of("startIntake", "stopIntake", "drained"), source.events);
        source.destroy();
    }

    @Test
    void anIntakeThatFailsToOpenFailsTheStartAndLeavesTheSourceStopped() {
        IllegalStateException refused = new IllegalStateException("port in use");
        OwnedQueueSource source = new OwnedQueueSource(new ArrayBlockingQueue<>(1), true, refused);
        assertEquals(refused, assertThrows(IllegalStateException.class, source::start));
        assertTrue(source.isStopped());
        assertEquals(null, source.consumerThread());
        source.destroy();
    }

    @Test
    void aNullQueueIsRefusedNamingTheNode() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new OwnedQueueSource(null, true, null));
        assertTrue(e.getMessage().contains("owned_queue") && e.getMessage().contains("'queue'"), e.getMessage());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
