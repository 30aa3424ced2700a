package io.streamz4j.record;

import io.streamz4j.Arguments;
import io.streamz4j.runtime.Threads;
import io.streamz4j.runtime.WaitStrategy;
import io.streamz4j.runtime.internal.RingDrain;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventFactory;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;
import org.agrona.sbe.MessageEncoderFlyweight;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A ring of records: one preallocated off-heap region cut into fixed slots of a
 * {@link RecordLayout}, driven by an LMAX Disruptor ring whose events are the slots' views. A
 * producer claims a slot, writes the record in place through the slot's encoder, and publishes;
 * the consumer thread hands each record to the {@link RecordHandler} as (decoder over the slot,
 * sequence, endOfBatch). Nothing is copied and nothing allocated per record:
 *
 * <pre>{@code
 * long sequence = ring.claim();
 * ring.encoder(sequence).price(101.25).quantity(300);
 * ring.publish(sequence);
 * }</pre>
 *
 * <p>Back pressure: a producer can be at most {@link #capacity()} records ahead of the consumer;
 * {@link #claim()} waits (spinning, then parking briefly) while the ring is full,
 * {@link #tryClaim()} returns {@code -1} instead. The consumer waits for records with the
 * builder's {@link WaitStrategy}. {@link #close()} refuses new claims, waits for the consumer to
 * drain what was published, then halts and joins it.
 *
 * <p>Thread safety: a single-producer ring (the default) is claimed and published by one thread
 * at a time (a change of thread must be ordered, by a lock, queue or thread start); a
 * {@link Builder#multiProducer() multi-producer} ring by any number at once. Between
 * {@code claim} and {@code publish} the slot's encoder belongs to the claiming thread alone. The
 * handler runs on the consumer thread only, made by the builder's {@link ThreadFactory}. An
 * exception from the handler is logged naming the ring and counted ({@link #errorCount()}); the
 * consumer goes on with the next record. The off-heap region is released with the ring object
 * (its direct buffer's cleaner), not at close, so a view kept past its lending reads stale bytes
 * rather than freed memory. The default consumer thread is a daemon, so a JVM may exit with
 * records published and not handled: close the ring first. The record path needs the JVM flag
 * {@code --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED} (Agrona 2's buffers).
 *
 * @param <E> the layout's encoder
 * @param <D> the layout's decoder
 */
public final class RecordRing<E extends MessageEncoderFlyweight, D extends MessageDecoderFlyweight>
        implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RecordRing.class);
    private static final int SPINS = 100;
    private static final long DRAIN_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final String name;
    private final RecordLayout<E, D> layout;
    private final UnsafeBuffer region;
    private final RingBuffer<RecordSlot<E, D>> ring;
    private final BatchEventProcessor<RecordSlot<E, D>> processor;
    private final Thread consumer;
    private final ErrorCounter errors;
    private volatile boolean closed;

    private RecordRing(Builder<E, D> builder) {
        this.name = builder.name;
        this.layout = builder.layout;
        int slotLength = layout.slotLength();
        this.region = OffHeap.allocate(builder.capacity * slotLength, name);
        EventFactory<RecordSlot<E, D>> slots = new EventFactory<>() {
            private int next;

            @Override
            public RecordSlot<E, D> newInstance() {
                // The Disruptor fills its entries in index order, so entry i views slot i.
                return new RecordSlot<>(layout, region, slotLength * next++);
            }
        };
        this.ring = builder.multiProducer
                ? RingBuffer.createMultiProducer(slots, builder.capacity, builder.waitStrategy.forRing())
                : RingBuffer.createSingleProducer(slots, builder.capacity, builder.waitStrategy.forRing());
        this.errors = new ErrorCounter(name);
        RecordHandler<? super D> handler = builder.handler;
        EventHandler<RecordSlot<E, D>> adapter = (slot, sequence, endOfBatch) ->
                handler.onRecord(slot.decoder, sequence, endOfBatch);
        this.processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), adapter);
        processor.setExceptionHandler(errors);
        ring.addGatingSequences(processor.getSequence());
        this.consumer = builder.threadFactory.newThread(processor);
        if (consumer == null) {
            throw new IllegalArgumentException(name + ": parameter 'threadFactory' made no thread");
        }
        consumer.start();
    }

    /** A builder of a ring of {@code layout}'s records. */
    public static <E extends MessageEncoderFlyweight, D extends MessageDecoderFlyweight> Builder<E, D> builder(
            RecordLayout<E, D> layout) {
        return new Builder<>(Arguments.requireNonNull(layout, "RecordRing", "layout"));
    }

    /**
     * Claims the next slot, waiting while the ring is full (the consumer holds the producer
     * back), and returns its sequence for {@link #encoder} and {@link #publish}. Every claimed
     * sequence must be published, or the consumer stops at it.
     *
     * @throws IllegalStateException if the ring is closed, or closes while this waits
     */
    public long claim() {
        for (int idles = 0;; idles = Math.min(idles + 1, SPINS)) { // capped: parks from then on
            checkOpen();
            try {
                return ring.tryNext();
            } catch (InsufficientCapacityException full) {
                idle(idles);
            }
        }
    }

    /**
     * Claims the next slot if there is room, as {@link #claim()} does, else returns {@code -1} at
     * once (a full ring: the producer decides whether to wait, drop or count).
     */
    public long tryClaim() {
        checkOpen();
        try {
            return ring.tryNext();
        } catch (InsufficientCapacityException full) {
            return -1;
        }
    }

    /** The encoder over the claimed slot {@code sequence}: write the record's fields through it. */
    public E encoder(long sequence) {
        return ring.get(sequence).encoder;
    }

    /** Hands the claimed slot {@code sequence}, written, to the consumer. */
    public void publish(long sequence) {
        ring.publish(sequence);
    }

    /**
     * Where the object path feeds the record path: a consumer, for {@code stream.sink(...)}, that
     * claims a slot for each object, lets {@code encode} write the object's fields through the
     * slot's encoder, and publishes it. The thread emitting into that stream is this ring's
     * producer; a full ring holds it back. If {@code encode} throws, the exception reaches that
     * thread and the slot goes out part-written (a claimed slot is always published, or the
     * consumer would stop at it).
     */
    public <T> Consumer<T> publisher(BiConsumer<? super T, ? super E> encode) {
        Arguments.requireNonNull(encode, name, "encode");
        return x -> {
            long sequence = claim();
            try {
                encode.accept(x, encoder(sequence));
            } finally {
                publish(sequence);
            }
        };
    }

    /** The region the slots live in, for code that moves a slot's bytes as they are (journal, wire). */
    public DirectBuffer region() {
        return region;
    }

    /** Where slot {@code sequence} starts in {@link #region()}: its header, then the record. */
    public int slotOffset(long sequence) {
        return ring.get(sequence).offset;
    }

    /** The layout of the ring's records. */
    public RecordLayout<E, D> layout() {
        return layout;
    }

    /** How many slots the ring has: the most records a producer may be ahead of the consumer. */
    public int capacity() {
        return ring.getBufferSize();
    }

    /** How many slots a producer could claim now without waiting. */
    public long remainingCapacity() {
        return ring.remainingCapacity();
    }

    /** How many exceptions the handler has thrown. */
    public long errorCount() {
        return errors.count;
    }

    /** The consumer thread, which runs the handler. */
    public Thread consumerThread() {
        return consumer;
    }

    /**
     * Refuses new claims, waits (up to ten seconds) until the consumer has handled every published
     * record, then halts the consumer and waits for its thread to end. Called from the handler
     * itself, it halts without waiting. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        boolean onConsumer = Thread.currentThread() == consumer;
        if (!onConsumer) {
            long undelivered = RingDrain.awaitDrained(() -> ring.getCursor() - processor.getSequence().get(),
                    consumer::isAlive, () -> 0, System.nanoTime() + DRAIN_TIMEOUT_NANOS);
            if (undelivered > 0) {
                LOG.warn("{}: closed with {} record(s) its consumer did not handle", name, undelivered);
            }
        }
        processor.halt();
        if (!onConsumer) {
            RingDrain.awaitEnded(consumer, DRAIN_TIMEOUT_NANOS);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(name + " is closed: no record can be claimed");
        }
    }

    /**
     * Waits for room: spins first (the consumer is usually a few records behind), then parks for the
     * shortest time the OS gives, as the Disruptor's own producers do. No {@code Thread.yield()}:
     * with more runnable threads than cores a yield hands the core away for a whole time slice.
     */
    private static void idle(int idles) {
        if (idles < SPINS) {
            Thread.onSpinWait();
        } else {
            LockSupport.parkNanos(1L);
        }
    }

    @Override
    public String toString() {
        return "RecordRing[" + name + ", " + layout.name() + " x " + capacity() + "]";
    }

    /**
     * Logs what the handler throws, naming the ring, and counts it.
     *
     * <p>Thread safety: written on the consumer thread only; the count is read from any.
     */
    private static final class ErrorCounter implements ExceptionHandler<Object> {
        private final String name;
        private volatile long count;

        ErrorCounter(String name) {
            this.name = name;
        }

        @Override
        public void handleEventException(Throwable ex, long sequence, Object event) {
            count++; // one writer, the consumer thread: no lost update

            LOG.error("{}: the handler failed on record {}: {}", name, sequence, ex.toString(), ex);
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

    /**
     * Configures a {@link RecordRing}: its capacity, producers, wait strategy, consumer thread and
     * handler; {@link #build()} allocates the region and starts the consumer.
     *
     * <p>Thread safety: used by one thread, then discarded.
     */
    public static final class Builder<E extends MessageEncoderFlyweight, D extends MessageDecoderFlyweight> {
        private final RecordLayout<E, D> layout;
        private String name;
        private int capacity = 1024;
        private boolean multiProducer;
        private WaitStrategy waitStrategy = WaitStrategy.BLOCKING;
        private ThreadFactory threadFactory;
        private RecordHandler<? super D> handler;

        private Builder(RecordLayout<E, D> layout) {
            this.layout = layout;
            this.name = "record-ring-" + layout.name();
        }

        /** The ring's name, in its consumer thread's name and its log lines. */
        public Builder<E, D> name(String name) {
            this.name = Arguments.requireNonNull(name, this.name, "name");
            return this;
        }

        /** How many slots: a power of two, the most records in flight (default 1024). */
        public Builder<E, D> capacity(int slots) {
            Arguments.requirePositive(slots, name, "capacity");
            if (!BitUtil.isPowerOfTwo(slots)) {
                throw new IllegalArgumentException(name + ": parameter 'capacity' must be a power of two, got "
                        + slots);
            }
            long bytes = (long) slots * layout.slotLength();
            if (bytes > Integer.MAX_VALUE - OffHeap.ALIGNMENT) {
                throw new IllegalArgumentException(name + ": parameter 'capacity' of " + slots + " slots of "
                        + layout.slotLength() + " bytes exceeds one region (2 GiB)");
            }
            this.capacity = slots;
            return this;
        }

        /** Lets any number of threads claim and publish at once (default: one at a time). */
        public Builder<E, D> multiProducer() {
            this.multiProducer = true;
            return this;
        }

        /** How the consumer waits for records (default {@link WaitStrategy#BLOCKING}). */
        public Builder<E, D> waitStrategy(WaitStrategy waitStrategy) {
            this.waitStrategy = Arguments.requireNonNull(waitStrategy, name, "waitStrategy");
            return this;
        }

        /**
         * Makes the consumer thread (to name it, pin it to a core, or make it the embedder's own);
         * by default the process-wide {@link Threads#getDefault()} makes it, named
         * {@code streamz4j-<name>} (a daemon thread unless that default says otherwise; a ring
         * has no invoker mode, so under an invoker default the engine's daemon factory makes it).
         */
        public Builder<E, D> threadFactory(ThreadFactory threadFactory) {
            this.threadFactory = Arguments.requireNonNull(threadFactory, name, "threadFactory");
            return this;
        }

        /** What the consumer hands each record to (required). */
        public Builder<E, D> handler(RecordHandler<? super D> handler) {
            this.handler = Arguments.requireNonNull(handler, name, "handler");
            return this;
        }

        /** Allocates the region, writes every slot's header and starts the consumer thread. */
        public RecordRing<E, D> build() {
            Arguments.requireNonNull(handler, name, "handler");
            if (threadFactory == null) {
                String threadName = "streamz4j-" + name;
                threadFactory = work -> Threads.getDefault().newThread(threadName, work);
            }
            return new RecordRing<>(this);
        }
    }
}
