package io.streamz4j.runtime.internal;

import io.streamz4j.Metadata;
import io.streamz4j.Stream;
import io.streamz4j.runtime.Invoked;
import io.streamz4j.runtime.Invoker;
import io.streamz4j.runtime.Threads;
import io.streamz4j.runtime.WaitStrategy;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;

import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
 * <p>Thread safety: a {@link #bounded} boundary must be published to by one thread at a time
 * (which thread may change from one element to the next when something orders the change: a lock,
 * a queue, a thread start); a {@link #multiProducer} one by any
 * number at once, each producer's elements kept in order. The receiver runs on the consumer thread
 * only, as do the hooks of {@link #whenIdle}. Each element's references are retained from
 * publication until the receiver returns. A failure on the consumer thread goes to the error
 * handler of the node that failed, once, and the consumer goes on with the next element (see
 * {@link Delivery}).
 *
 * <p>The consumer thread comes from the boundary's {@link Threads}, named {@code streamz4j-<name>}.
 * In invoker mode there is none: the ring is polled in the duty cycles of an {@link Invoker}, and
 * "the consumer thread" above means whichever thread is inside one; a producer held back by a full
 * ring, and a close waiting for the ring to drain, run the duty cycles themselves when no other
 * thread is in one.
 */
public final class RingBoundary implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RingBoundary.class);
    private static final long DRAIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** Spins without the consumer finishing anything before a waiting producer calls it stalled. */
    private static final int STALLED_AFTER_SPINS = 100;

    private final String name;
    private final RingBuffer<Slot> ring;
    /** The consumer thread's loop over the ring; null in invoker mode. */
    private final BatchEventProcessor<Slot> processor;
    /** The consumer thread; null in invoker mode. */
    private final Thread consumer;
    /** The ring's consumer as an invoker polls it; null when it has a thread. */
    private final InvokedRing invoked;
    /** How far the consumer has finished: the processor's sequence, or the poller's. */
    private final Sequence consumed;
    private final Invoker invoker;
    /** Published to by one thread at a time ({@link #bounded}), so claimed without a CAS. */
    private final boolean singleProducer;
    /** Whether an emitAsync waits for the consumer to deal with its element (a join's gate), not only for the ring to take it. */
    private final boolean awaitedAcross;
    private final int limit;
    /** True only when the limit is below the ring's size, so the ring alone does not enforce it. */
    private final boolean limitBelowRing;
    /** How many elements may be in flight: the limit or the ring's size, whichever is smaller. */
    private final int capacity;
    /** Free slots a waiting producer needs before it goes on: a quarter of the capacity. */
    private final int resumeAt;
    /** The consumer's sequence when last read, so a publish reads it only when short of room. */
    private long cachedDone = -1;
    /** A producer parked until the consumer frees {@link #resumeAt} slots; null when none. */
    private volatile Thread parkedProducer;
    private volatile boolean closed;
    /** Run on the consumer thread after an element when no newer one is waiting. */
    private volatile Runnable[] idleHooks = new Runnable[0];
    /** The consumer thread's side, which alone writes per element, away from the fields producers read. */
    private final Handler handler;

    private RingBoundary(String name, RingBuffer<Slot> ring, boolean singleProducer, boolean awaitedAcross, int limit,
            Receiver receiver, Threads threads) {
        this.name = name;
        this.singleProducer = singleProducer;
        this.awaitedAcross = awaitedAcross;
        this.ring = ring;
        this.limit = limit;
        this.limitBelowRing = limit < ring.getBufferSize();
        this.capacity = Math.min(limit, ring.getBufferSize());
        this.resumeAt = Math.max(1, capacity / 4);
        this.handler = new Handler(receiver);
        this.invoker = threads.invoker();
        if (invoker != null) {
            this.processor = null;
            this.consumer = null;
            this.invoked = new InvokedRing(ring.newPoller());
            this.consumed = invoked.poller.getSequence();
            handler.setSequenceCallback(consumed);
            ring.addGatingSequences(consumed);
            invoker.add(invoked);
            return;
        }
        this.invoked = null;
        this.processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), handler);
        processor.setExceptionHandler(new LoggingExceptionHandler(name));
        this.consumed = processor.getSequence();
        ring.addGatingSequences(consumed);
        this.consumer = threads.newThread("streamz4j-" + name, processor);
        consumer.start();
    }

    /**
     * A boundary that holds at most {@code limit} elements in flight (buffer(n)), published to by
     * one thread at a time. Which thread may change between elements, as a pipeline's emitting
     * thread may, as long as the change is ordered (a lock, a queue, starting or joining a thread
     * all order it). The ring is single-producer: a claim is a plain store, not a locked
     * instruction on the cursor the consumer is spinning on. It is claimed with
     * {@code tryNext}, which unlike {@code next} does not insist on one thread for the ring's life.
     */
    public static RingBoundary bounded(String name, int limit, WaitStrategy waitStrategy, Receiver receiver,
            Threads threads) {
        if (limit <= 0) {
            throw new IllegalArgumentException(name + ": parameter 'n' must be positive, got " + limit);
        }
        RingBuffer<Slot> ring = RingBuffer.createSingleProducer(Slot::new, powerOfTwoAtLeast(limit),
                waitStrategy.forRing());
        return new RingBoundary(name, ring, true, false, limit, receiver, Threads.orDefault(threads));
    }

    /** A boundary any number of threads publish to at once, holding up to {@code capacity} elements. */
    public static RingBoundary multiProducer(String name, int capacity, WaitStrategy waitStrategy, Receiver receiver,
            Threads threads) {
        return multiProducer(name, capacity, waitStrategy, receiver, false, threads);
    }

    /**
     * The ring the engine puts in front of a join whose upstreams run on different threads. Unlike
     * a buffer, it is no stage of the user's pipeline, only the way the join keeps one writer: an
     * {@code emitAsync} whose element crosses it waits for the join and the nodes below it to deal
     * with the element, as it would without the ring, and fails if one of them fails on it.
     */
    public static RingBoundary joinGate(String name, int capacity, WaitStrategy waitStrategy, Receiver receiver,
            Threads threads) {
        return multiProducer(name, capacity, waitStrategy, receiver, true, threads);
    }

    private static RingBoundary multiProducer(String name, int capacity, WaitStrategy waitStrategy, Receiver receiver,
            boolean awaitedAcross, Threads threads) {
        RingBuffer<Slot> ring = RingBuffer.createMultiProducer(Slot::new, powerOfTwoAtLeast(capacity),
                waitStrategy.forRing());
        return new RingBoundary(name, ring, false, awaitedAcross, ring.getBufferSize(), receiver,
                Threads.orDefault(threads));
    }

    /**
     * Hands an element to the consumer thread, waiting while {@code limit} elements are in flight.
     * Fails if the boundary has been closed, so nothing is accepted that would never be delivered.
     */
    public void publish(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        if (closed) {
            throw new IllegalStateException(name + " is closed: the element was not accepted");
        }
        if (limitBelowRing ? ring.getCursor() - cachedDone >= limit : !ring.hasAvailableCapacity(1)) {
            awaitRoom();
        }
        Metadata.retain(metadata, 1);
        long sequence = claim();
        Slot slot = ring.get(sequence);
        slot.value = x;
        slot.who = who;
        slot.metadata = metadata;
        if (awaitedAcross) {
            slot.awaited = Backpressure.crossing();
        }
        ring.publish(sequence);
    }

    /**
     * Claims the next slot, room for it having been made sure of. A single-producer ring is
     * claimed without its thread check; another producer of a multi-producer ring may have taken
     * the room first, and then {@code next} waits for more. In invoker mode no thread of the ring's
     * own makes that room, so a producer short of it waits in {@link #awaitRoom}, which runs the
     * consumer itself when nobody else does.
     */
    private long claim() {
        if (!singleProducer && invoked == null) {
            return ring.next();
        }
        while (true) {
            try {
                return ring.tryNext();
            } catch (InsufficientCapacityException e) {
                awaitRoom();
            }
        }
    }

    /** True when called on the consumer thread. */
    public boolean inConsumerThread() {
        return consumer != null ? Thread.currentThread() == consumer : invoked.inDutyCycle();
    }

    /** True while the consumer delivers: its thread is alive, or (invoker mode) the ring is not closed. */
    public boolean consumerAlive() {
        return consumer != null ? consumer.isAlive() : !invoked.halted;
    }

    /** True when an invoker, not a thread of the ring's own, runs the consumer. */
    public boolean invoked() {
        return invoked != null;
    }

    /**
     * For a thread that waits for the consumer: in invoker mode, runs one duty cycle here if no
     * other thread is in one and returns the work done; 0 when the ring has a consumer thread.
     */
    public int helpWhileWaiting() {
        return invoked != null && !invoked.halted ? invoked.invoke() : 0;
    }

    /**
     * True when called on the consumer thread while it delivers an element and a newer one is
     * already waiting in the ring: the nodes below are slower than the producer (latest uses this
     * to skip to the newest element).
     */
    public boolean newerWaiting() {
        return inConsumerThread() && ring.isAvailable(handler.delivering + 1);
    }

    /**
     * Runs {@code hook} on the consumer thread after each element that leaves no newer one waiting
     * (latest emits the element it held back for a newer one that never reached it).
     */
    public synchronized void whenIdle(Runnable hook) {
        Runnable[] grown = java.util.Arrays.copyOf(idleHooks, idleHooks.length + 1);
        grown[idleHooks.length] = hook;
        idleHooks = grown;
    }

    /** How many published elements the consumer has not finished with. */
    public long inFlight() {
        return ring.getCursor() - consumed.get();
    }

    /** The consumer thread, for naming and lifecycle checks; null in invoker mode. */
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
            halt();
            return;
        }
        long left = RingDrain.awaitDrained(this::inFlight, this::consumerAlive, this::helpWhileWaiting,
                System.nanoTime() + DRAIN_TIMEOUT_NANOS);
        if (left > 0) {
            LOG.warn("{} closed with {} elements still in flight", name, left);
        }
        halt();
        if (consumer != null) {
            RingDrain.awaitEnded(consumer, DRAIN_TIMEOUT_NANOS);
        }
    }

    /** Ends the consumer: halts its thread, or takes the ring out of its invoker. */
    private void halt() {
        if (consumer != null) {
            processor.halt();
        } else {
            invoked.halted = true;
            invoker.remove(invoked);
        }
    }

    /**
     * The producer found no room. While the consumer keeps finishing elements it waits for a
     * quarter of the capacity to be free: going on at the first free slot would trade slots one
     * by one with the consumer, a cross-core cache miss per element on both sides. When the
     * consumer stops making progress (a slow element) any free slot will do, and with none it
     * parks until the consumer wakes it.
     *
     * <p>For a {@link #bounded} boundary the cursor moves only on this thread, so room can only
     * grow while it waits; for a multi-producer one the count is an estimate and the ring's own
     * claim makes it exact.
     */
    private void awaitRoom() {
        long progressSeen = -2;
        int spinsWithoutProgress = 0;
        while (true) {
            long done = consumed.get();
            long free = capacity - (ring.getCursor() - done);
            if (done != progressSeen) {
                progressSeen = done;
                spinsWithoutProgress = 0;
            }
            if (free >= resumeAt || free > 0 && spinsWithoutProgress >= STALLED_AFTER_SPINS) {
                cachedDone = done;
                return;
            }
            checkOpen();
            if (helpWhileWaiting() > 0) {
                continue; // invoker mode: this thread made room itself
            }
            if (spinsWithoutProgress++ < STALLED_AFTER_SPINS) {
                Thread.onSpinWait();
                continue;
            }
            // Announce the wait, re-check, park until the consumer has freed a quarter.
            parkedProducer = Thread.currentThread();
            if (capacity - (ring.getCursor() - consumed.get()) <= 0) {
                park();
            }
            parkedProducer = null;
        }
    }

    /** Parks until the consumer frees {@link #resumeAt} slots, or 100 us pass (a missed wake-up). */
    private void park() {
        checkOpen();
        LockSupport.parkNanos(this, 100_000);
    }

    private void checkOpen() {
        if (closed || !consumerAlive()) {
            throw new IllegalStateException(name + " is closed: the element was not accepted");
        }
    }

    /**
     * Consumer side: wakes a parked producer once {@link #resumeAt} slots are free. At the end of
     * a batch (the ring may be empty) it fences first, so a producer that announced itself just as
     * the consumer ran dry is not left to its timeout.
     */
    private void wakeProducer(long done, boolean endOfBatch) {
        if (endOfBatch) {
            VarHandle.fullFence();
        }
        Thread producer = parkedProducer;
        if (producer != null && capacity - (ring.getCursor() - done) >= resumeAt) {
            parkedProducer = null; // wake it once, not once per element while it wakes up
            LockSupport.unpark(producer);
        }
    }

    /**
     * Delivers each element and marks it done at once, so a producer held back by a full ring gets
     * room as soon as one element is finished, not when the consumer's whole batch is.
     */
    private final class Handler implements EventHandler<Slot> {
        private final Receiver receiver;
        private Sequence done;
        /** The sequence of the element being delivered. */
        private long delivering = -1;

        Handler(Receiver receiver) {
            this.receiver = receiver;
        }

        @Override
        public void setSequenceCallback(Sequence sequenceCallback) {
            this.done = sequenceCallback;
        }

        @Override
        public void onEvent(Slot slot, long sequence, boolean endOfBatch) {
            delivering = sequence;
            try {
                deliver(slot, receiver);
            } finally {
                done.set(sequence);
                wakeProducer(sequence, endOfBatch);
                Runnable[] hooks = idleHooks;
                if (hooks.length > 0 && !ring.isAvailable(sequence + 1)) {
                    runIdleHooks(hooks);
                }
            }
        }
    }

    /** The consumer as an invoker runs it: each duty cycle delivers what is waiting in the ring. */
    private final class InvokedRing extends Invoked {
        final EventPoller<Slot> poller;
        private final EventPoller.Handler<Slot> onSlot;
        volatile boolean halted;

        InvokedRing(EventPoller<Slot> poller) {
            this.poller = poller;
            this.onSlot = (slot, sequence, endOfBatch) -> {
                handler.onEvent(slot, sequence, endOfBatch);
                return true;
            };
        }

        @Override
        protected int dutyCycle() {
            if (halted) {
                return 0;
            }
            long before = consumed.get();
            try {
                poller.poll(onSlot);
            } catch (Exception e) {
                LOG.error("{}: element failed downstream: {}", name, e.toString(), e);
            }
            return (int) Math.min(Integer.MAX_VALUE, consumed.get() - before);
        }

        @Override
        protected void invokerClosed() {
            close();
        }
    }

    private void runIdleHooks(Runnable[] hooks) {
        for (Runnable hook : hooks) {
            try {
                hook.run();
            } catch (RuntimeException | Error e) {
                Failures.caught(name, hook, null, e);
            }
        }
    }

    private void deliver(Slot slot, Receiver receiver) {
        Object value = slot.value;
        Stream<?> who = slot.who;
        List<Map<String, Object>> metadata = slot.metadata;
        CompletableFuture<Void> awaited = slot.awaited;
        slot.clear();
        Delivery.deliver(name, receiver, value, who, metadata, awaited);
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

    /** Logs what fails in the consumer outside an element's delivery, naming the boundary. */
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
