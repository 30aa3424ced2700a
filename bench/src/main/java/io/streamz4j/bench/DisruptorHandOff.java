package io.streamz4j.bench;

import io.streamz4j.runtime.WaitStrategy;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.RingBuffer;

/**
 * The floor: a bare LMAX Disruptor ring of 1024 preallocated slots (single- or multi-producer) and
 * one {@link BatchEventProcessor} that hands each element to the consumer. No pipeline around it.
 * A producer that finds the ring full waits in {@code ring.next()}, as the Disruptor does (it
 * parks for the shortest time the OS gives); the harness waits the same way for the peers.
 */
final class DisruptorHandOff extends HandOff {
    /** A preallocated slot. */
    static final class Slot {
        Object value;
    }

    private final RingBuffer<Slot> ring;
    private final BatchEventProcessor<Slot> processor;
    private final Thread thread;

    DisruptorHandOff(WaitStrategy wait, boolean multiProducer, Consumed consumed) {
        com.lmax.disruptor.WaitStrategy strategy = switch (wait) {
            case BUSY_SPIN -> new BusySpinWaitStrategy();
            case BLOCKING -> new BlockingWaitStrategy();
            default -> throw new IllegalArgumentException("benchmarked: BUSY_SPIN and BLOCKING, got " + wait);
        };
        ring = multiProducer
                ? RingBuffer.createMultiProducer(Slot::new, CAPACITY, strategy)
                : RingBuffer.createSingleProducer(Slot::new, CAPACITY, strategy);
        processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(),
                (slot, sequence, endOfBatch) -> consumed.accept(slot.value));
        ring.addGatingSequences(processor.getSequence());
        thread = new Thread(processor, "bench-disruptor");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void publish(Producer producer) {
        long sequence = ring.next();
        ring.get(sequence).value = producer.next();
        ring.publish(sequence);
    }

    @Override
    public void close() {
        processor.halt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
