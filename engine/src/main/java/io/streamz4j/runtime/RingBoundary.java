package io.streamz4j.runtime;

import io.streamz4j.Metadata;
import io.streamz4j.Stream;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where data crosses from one thread to another: an LMAX Disruptor ring of preallocated slots and
 * one consumer thread that hands each element to a {@link Receiver} (buffer(n), thread-safe
 * sources, joins of streams on different threads). A bounded boundary lets at most {@code limit}
 * elements be in flight and holds the producer back while it is full, so a slow consumer slows
 * the producer instead of filling memory.
 *
 * <p>Thread safety: a single-producer boundary must be published to by one thread at a time; a
 * multi-producer one by any number at once, each producer's elements kept in order. The receiver
 * runs on the consumer thread only. Each element's references are retained from publication until
 * the receiver returns. An exception from the receiver is logged with the boundary's name and the
 * consumer goes on with the next element.
 */
public final class RingBoundary implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RingBoundary.class);
    private static final long DRAIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final String name;
    private final RingBuffer<Slot> ring;
    private final BatchEventProcessor<Slot> processor;
    private final Thread consumer;
    private final int limit;
    private volatile boolean closed;

    private RingBoundary(String name, RingBuffer<Slot> ring, int limit, Receiver receiver) {
        this.name = name;
        this.ring = ring;
        this.limit = limit;
        EventHandler<Slot> handler = (slot, sequence, endOfBatch) -> deliver(slot, receiver);
        this.processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), handler);
        processor.setExceptionHandler(new LoggingExceptionHandler(name));
        ring.addGatingSequences(processor.getSequence());
        this.consumer = new Thread(processor, "streamz4j-" + name);
        consumer.setDaemon(true);
        consumer.start();
    }

    /**
     * A boundary for one producer thread at a time that holds at most {@code limit} elements in
     * flight (buffer(n)).
     */
    public static RingBoundary singleProducer(String name, int limit, WaitStrategy waitStrategy, Receiver receiver) {
        if (limit <= 0) {
            throw new IllegalArgumentException(name + ": parameter 'n' must be positive, got " + limit);
        }
        RingBuffer<Slot> ring = RingBuffer.createSingleProducer(Slot::new, powerOfTwoAtLeast(limit),
                waitStrategy.forRing());
        return new RingBoundary(name, ring, limit, receiver);
    }

    /** A boundary any number of threads publish to at once, holding up to {@code capacity} elements. */
    public static RingBoundary multiProducer(String name, int capacity, WaitStrategy waitStrategy, Receiver receiver) {
        RingBuffer<Slot> ring = RingBuffer.createMultiProducer(Slot::new, powerOfTwoAtLeast(capacity),
                waitStrategy.forRing());
        return new RingBoundary(name, ring, ring.getBufferSize(), receiver);
    }

    /**
     * Hands an element to the consumer thread, waiting while {@code limit} elements are in flight.
     * Fails if the boundary has been closed, so nothing is accepted that would never be delivered.
     */
    public void publish(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        if (closed) {
            throw new IllegalStateException(name + " is closed: the element was not accepted");
        }
        waitForRoom();
        Metadata.retain(metadata, 1);
        long sequence = ring.next();
        Slot slot = ring.get(sequence);
        slot.value = x;
        slot.who = who;
        slot.metadata = metadata;
        ring.publish(sequence);
    }

    /** True when called on the consumer thread. */
    public boolean inConsumerThread() {
        return Thread.currentThread() == consumer;
    }

    /** How many published elements the consumer has not finished with. */
    public long inFlight() {
        return ring.getCursor() - processor.getSequence().get();
    }

    /** The consumer thread, for naming and lifecycle checks. */
    public Thread consumerThread() {
        return consumer;
    }

    /**
     * Stops accepting elements, lets the consumer finish what was already accepted (up to ten
     * seconds), then ends the consumer thread.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (inConsumerThread()) {
            processor.halt();
            return;
        }
        long deadline = System.nanoTime() + DRAIN_TIMEOUT_NANOS;
        while (inFlight() > 0 && consumer.isAlive() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(50));
        }
        if (inFlight() > 0) {
            LOG.warn("{} closed with {} elements still in flight", name, inFlight());
        }
        processor.halt();
        try {
            consumer.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void waitForRoom() {
        // Single producer: the cursor only moves on this thread, so in-flight can only shrink here.
        while (ring.getCursor() - processor.getSequence().get() >= limit) {
            if (closed || !consumer.isAlive()) {
                throw new IllegalStateException(name + " is closed: the element was not accepted");
            }
            Thread.onSpinWait();
            LockSupport.parkNanos(1_000);
        }
    }

    private static void deliver(Slot slot, Receiver receiver) {
        Object value = slot.value;
        Stream<?> who = slot.who;
        List<Map<String, Object>> metadata = slot.metadata;
        slot.clear();
        try {
            receiver.receive(value, who, metadata);
        } finally {
            Metadata.release(metadata, 1);
        }
    }

    private static int powerOfTwoAtLeast(int n) {
        int size = Integer.highestOneBit(Math.max(n, 2) - 1) << 1;
        if (size <= 0) {
            throw new IllegalArgumentException("ring capacity " + n + " is too large");
        }
        return size;
    }

    @Override
    public String toString() {
        return "RingBoundary[" + name + "]";
    }

    /** Logs a failure on the consumer thread, naming the boundary, and lets the consumer go on. */
    private record LoggingExceptionHandler(String name) implements ExceptionHandler<Slot> {
        @Override
        public void handleEventException(Throwable ex, long sequence, Slot event) {
            LOG.error("{}: element {} failed downstream: {}", name, sequence, ex.toString(), ex);
        }

        @Override
        public void handleOnStartException(Throwable ex) {
            LOG.error("{}: consumer failed to start: {}", name, ex.toString(), ex);
        }

        @Override
        public void handleOnShutdownException(Throwable ex) {
            LOG.error("{}: consumer failed to stop: {}", name, ex.toString(), ex);
        }
    }
}
