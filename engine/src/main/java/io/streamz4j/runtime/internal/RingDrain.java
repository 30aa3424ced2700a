package io.streamz4j.runtime.internal;

import io.streamz4j.runtime.Threads;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waiting for a ring's consumer to deliver what the ring accepted: when a pipeline is closed, and
 * when the JVM exits. Ring consumers are daemon threads (a forgotten pipeline must not keep a JVM
 * alive), so without this a {@code main} that returns would end the JVM with elements a buffer
 * had accepted still undelivered. Every buffer's and thread-safe source's ring is tracked while
 * open; a JVM shutdown hook, registered with the first, gives each up to ten seconds to deliver
 * what it holds before the JVM goes on exiting (as Disruptor's {@code shutdown()} waits for the
 * ring to drain). Time-based nodes are not flushed at exit: call {@code Stream.close()} for that.
 * The hook's thread is the JVM's to run at exit, made with {@code new Thread}, not through
 * {@link Threads}: it never runs before the JVM exits.
 *
 * <p>Thread safety: all methods may be called from any thread.
 */
public final class RingDrain {
    private static final Logger LOG = LoggerFactory.getLogger(RingDrain.class);
    private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Open rings in the order they were made, which is upstream before downstream in a pipeline. */
    private static final Set<RingBoundary> OPEN = new LinkedHashSet<>();
    private static boolean hookRegistered;

    private RingDrain() {
    }

    /**
     * Waits, up to ten seconds, until {@code ring}'s consumer has finished every element published
     * so far; logs a WARN naming the ring if it has not. Returns at once on the consumer thread,
     * which cannot wait for itself; in invoker mode the waiting thread runs the consumer's duty
     * cycles itself while no other thread does.
     */
    public static void awaitEmpty(RingBoundary ring) {
        awaitEmpty(ring, System.nanoTime() + TIMEOUT_NANOS);
    }

    private static void awaitEmpty(RingBoundary ring, long deadline) {
        if (ring.inConsumerThread()) {
            return;
        }
        long left = awaitDrained(ring::inFlight, ring::consumerAlive, ring::helpWhileWaiting, deadline);
        if (left > 0) {
            LOG.warn("{} still holds {} undelivered element(s) after waiting for its consumer", ring, left);
        }
    }

    /**
     * The wait every ring's drain and close share (the object path's boundaries and the record
     * rings): until {@code inFlight} is 0, the consumer is no longer alive, or {@code deadline}
     * ({@link System#nanoTime}) passes. Between checks the waiting thread runs {@code help}, one
     * duty cycle of a consumer an invoker drives (0 when it did no work, or there is no invoker),
     * and parks 50 microseconds when that did nothing. Returns how many are still in flight.
     */
    public static long awaitDrained(LongSupplier inFlight, BooleanSupplier consumerAlive, IntSupplier help,
            long deadline) {
        while (inFlight.getAsLong() > 0 && consumerAlive.getAsBoolean() && System.nanoTime() < deadline) {
            if (help.getAsInt() == 0) {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(50));
            }
        }
        return inFlight.getAsLong();
    }

    /** Waits up to {@code timeoutNanos} for a halted consumer's thread to end; an interrupt is kept for the caller. */
    public static void awaitEnded(Thread consumer, long timeoutNanos) {
        try {
            consumer.join(TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Tracks an open ring, so that it is drained if the JVM exits while it is open. A ring an
     * invoker drives is not tracked: only the service's threads run it, so draining it at exit is
     * the service's to do (with {@code Stream.close()}), and the engine registers no hook for it.
     */
    public static synchronized void track(RingBoundary ring) {
        if (ring.invoked()) {
            return;
        }
        if (!hookRegistered) {
            hookRegistered = true;
            Runtime.getRuntime().addShutdownHook(new Thread(RingDrain::drainAtExit, "streamz4j-exit-drain"));
        }
        OPEN.add(ring);
    }

    /** Stops tracking a ring that has been closed. */
    public static synchronized void untrack(RingBoundary ring) {
        OPEN.remove(ring);
    }

    private static void drainAtExit() {
        List<RingBoundary> open;
        synchronized (RingDrain.class) {
            open = new ArrayList<>(OPEN);
        }
        long deadline = System.nanoTime() + TIMEOUT_NANOS;
        for (RingBoundary ring : open) {
            awaitEmpty(ring, deadline);
        }
    }
}
