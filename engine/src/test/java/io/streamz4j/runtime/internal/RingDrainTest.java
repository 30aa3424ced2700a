package io.streamz4j.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/**
 * The wait that every ring's close and drain share ({@link RingDrain#awaitDrained}): it ends when
 * nothing is in flight, when the consumer is gone, or at the deadline, says how many elements are
 * left, and lets a waiting thread run an invoker-driven consumer's duty cycles itself. Counts and
 * flags only: no assertion on elapsed time.
 */
class RingDrainTest {
    private static final long FAR = Long.MAX_VALUE / 2;

    /** A started stand-in consumer thread that waits for {@code go}, then runs {@code delivery} and ends. */
    private static Thread consumerAwaiting(CountDownLatch go, Runnable delivery) {
        Thread consumer = new Thread(() -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            delivery.run();
        });
        consumer.start();
        return consumer;
    }

    @Test
    void aWaitingThreadRunsTheConsumersDutyCyclesUntilNothingIsInFlight() {
        AtomicLong inFlight = new AtomicLong(5);
        AtomicInteger cycles = new AtomicInteger();

        long left = RingDrain.awaitDrained(inFlight::get, () -> true, () -> {
            cycles.incrementAndGet();
            inFlight.decrementAndGet();
            return 1;
        }, System.nanoTime() + FAR);

        assertEquals(0, left);
        assertEquals(5, cycles.get(), "one duty cycle per element, none once the ring was empty");
    }

    @Test
    void aConsumerThatIsGoneEndsTheWaitWithWhatItLeft() {
        AtomicInteger cycles = new AtomicInteger();

        long left = RingDrain.awaitDrained(() -> 3, () -> false, cycles::incrementAndGet, System.nanoTime() + FAR);

        assertEquals(3, left);
        assertEquals(0, cycles.get(), "nothing to wait for once the consumer is gone");
    }

    @Test
    void aPassedDeadlineEndsTheWaitWithWhatIsLeft() {
        long left = RingDrain.awaitDrained(() -> 7, () -> true, () -> 0, System.nanoTime() - 1);

        assertEquals(7, left);
    }

    @Test
    void aConsumerThatDeliversOnItsOwnThreadIsWaitedFor() throws InterruptedException {
        AtomicLong inFlight = new AtomicLong(1);
        CountDownLatch waiting = new CountDownLatch(1);
        Thread consumer = consumerAwaiting(waiting, () -> inFlight.set(0));

        long left = RingDrain.awaitDrained(inFlight::get, consumer::isAlive, () -> {
            waiting.countDown();
            return 0;
        }, System.nanoTime() + FAR);
        RingDrain.awaitEnded(consumer, TimeUnit.SECONDS.toNanos(10));

        assertEquals(0, left);
        assertFalse(consumer.isAlive(), "awaitEnded returned once the consumer thread ended");
    }

    @Test
    void anInterruptedWaitForTheConsumerThreadKeepsTheInterrupt() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        Thread consumer = consumerAwaiting(release, () -> { });
        try {
            Thread.currentThread().interrupt();
            RingDrain.awaitEnded(consumer, TimeUnit.SECONDS.toNanos(10));
            assertTrue(Thread.interrupted(), "the caller's interrupt is kept for it");
        } finally {
            release.countDown();
            consumer.join();
        }
    }
}
