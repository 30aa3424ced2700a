package io.streamz4j.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.record.tick.TickDecoder;
import io.streamz4j.record.tick.TickEncoder;
import io.streamz4j.record.value.DoubleValueDecoder;
import io.streamz4j.record.value.DoubleValueEncoder;
import io.streamz4j.record.value.LongValueDecoder;
import io.streamz4j.record.value.LongValueEncoder;
import io.streamz4j.runtime.WaitStrategy;

import java.lang.management.ManagementFactory;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

/**
 * After warm-up, a million ticks written through the ring's encoder, published, and read field by
 * field by the handler (or filtered, mapped and published into a next ring) allocate nothing on
 * the producing thread or on any consuming thread,
 * counted with {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes} (a count of bytes,
 * not a timing). The allowance covers the measurement itself (reading the counter allocates a
 * little), and is far below one byte per record.
 */
class RecordAllocationTest {
    private static final int RECORDS = 1_000_000;
    /** What reading the counters and the JIT's bookkeeping may cost: well under a byte per record. */
    private static final long ALLOWANCE_BYTES = 16 * 1024;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Reads every field of each tick, checks it, and counts; allocates nothing. */
    private static final class Reader implements RecordHandler<TickDecoder> {
        volatile long handled;
        volatile long mismatches;
        long checksum;

        @Override
        public void onRecord(TickDecoder tick, long sequence, boolean endOfBatch) {
            if (!Ticks.matches(tick, sequence)) {
                mismatches++;
            }
            checksum += tick.quantity() + tick.exchangeTimestamp() + (long) tick.price() + tick.symbol(0);
            handled = handled + 1;
        }
    }

    @Test
    void aMillionTicksThroughProducerRingAndHandlerAllocateNothingOnEitherThread() {
        assertTrue(THREADS.isThreadAllocatedMemorySupported(), "this JVM counts allocation per thread");
        THREADS.setThreadAllocatedMemoryEnabled(true);
        Reader reader = new Reader();
        try (RecordRing<TickEncoder, TickDecoder> ring = RecordRing.builder(Ticks.LAYOUT).capacity(1024)
                .waitStrategy(WaitStrategy.YIELDING).handler(reader).build()) {
            long consumer = ring.consumerThread().getId();
            long producer = Thread.currentThread().getId();
            long sequence = 0;
            // Warm-up: the JIT compiles the claim, encode, publish and handle paths.
            for (int round = 0; round < 5; round++) {
                sequence = produce(ring, reader, sequence, RECORDS);
            }
            long measuring = measurementCost(producer, consumer);
            long producerBefore = THREADS.getThreadAllocatedBytes(producer);
            long consumerBefore = THREADS.getThreadAllocatedBytes(consumer);
            sequence = produce(ring, reader, sequence, RECORDS);
            long producerBytes = THREADS.getThreadAllocatedBytes(producer) - producerBefore;
            long consumerBytes = THREADS.getThreadAllocatedBytes(consumer) - consumerBefore;

            assertEquals(0, reader.mismatches, "every tick read back as written");
            assertEquals(sequence, reader.handled);
            assertTrue(producerBytes <= measuring + ALLOWANCE_BYTES, "the producing thread allocated "
                    + producerBytes + " bytes for " + RECORDS + " ticks (measuring costs " + measuring + ")");
            assertTrue(consumerBytes <= ALLOWANCE_BYTES, "the consuming thread allocated " + consumerBytes
                    + " bytes for " + RECORDS + " ticks");
        }
    }

    /** Counts the orders a flow publishes into the next ring, reading each; allocates nothing. */
    private static final class Orders implements RecordHandler<LongValueDecoder> {
        volatile long handled;
        long total;

        @Override
        public void onRecord(LongValueDecoder order, long sequence, boolean endOfBatch) {
            total += order.value() + order.timestamp();
            handled = handled + 1;
        }
    }

    @Test
    void aMillionTicksThroughFilterMapAndIntoTheNextRingAllocateNothingOnAnyThread() {
        THREADS.setThreadAllocatedMemoryEnabled(true);
        Orders orders = new Orders();
        try (RecordRing<LongValueEncoder, LongValueDecoder> next = RecordRing.builder(RecordLayout.LONG_VALUE)
                .name("orders").capacity(256).waitStrategy(WaitStrategy.YIELDING).handler(orders).build();
                RecordRing<TickEncoder, TickDecoder> ring = RecordRing.builder(Ticks.LAYOUT).name("ticks")
                        .capacity(256).waitStrategy(WaitStrategy.YIELDING)
                        .handler(RecordFlow.from(Ticks.LAYOUT)
                                .filter(tick -> (tick.quantity() & 1) == 1)
                                .map(RecordLayout.DOUBLE_VALUE, (TickDecoder tick, DoubleValueEncoder out) ->
                                        out.timestamp(tick.exchangeTimestamp()).value(tick.price() * tick.quantity()))
                                .into(next, (DoubleValueDecoder notional, LongValueEncoder out) ->
                                        out.timestamp(notional.timestamp()).value((long) notional.value())))
                        .build()) {
            long producer = Thread.currentThread().getId();
            long middle = ring.consumerThread().getId();
            long last = next.consumerThread().getId();
            // Every quantity (7i + 1) is odd for even i: half the ticks pass the filter.
            long sequence = 0;
            for (int round = 0; round < 5; round++) {
                sequence = produceThrough(ring, orders, sequence, RECORDS);
            }
            long measuring = measurementCost(producer, middle) + measurementCost(producer, last);
            long producerBefore = THREADS.getThreadAllocatedBytes(producer);
            long middleBefore = THREADS.getThreadAllocatedBytes(middle);
            long lastBefore = THREADS.getThreadAllocatedBytes(last);
            sequence = produceThrough(ring, orders, sequence, RECORDS);
            long producerBytes = THREADS.getThreadAllocatedBytes(producer) - producerBefore;
            long middleBytes = THREADS.getThreadAllocatedBytes(middle) - middleBefore;
            long lastBytes = THREADS.getThreadAllocatedBytes(last) - lastBefore;

            assertEquals(sequence / 2, orders.handled, "the even-numbered ticks passed the filter");
            assertTrue(producerBytes <= measuring + ALLOWANCE_BYTES, "the producing thread allocated "
                    + producerBytes + " bytes for " + RECORDS + " ticks (measuring costs " + measuring + ")");
            assertTrue(middleBytes <= ALLOWANCE_BYTES, "the filter/map thread allocated " + middleBytes + " bytes");
            assertTrue(lastBytes <= ALLOWANCE_BYTES, "the next ring's consumer allocated " + lastBytes + " bytes");
        }
    }

    /** Publishes {@code n} ticks from {@code first}; waits, without allocating, for the half that pass. */
    private static long produceThrough(RecordRing<TickEncoder, TickDecoder> ring, Orders orders, long first, int n) {
        long end = first + n;
        for (long i = first; i < end; i++) {
            long sequence = ring.claim();
            Ticks.write(ring.encoder(sequence), sequence);
            ring.publish(sequence);
        }
        while (orders.handled < end / 2) {
            LockSupport.parkNanos(10_000);
        }
        return end;
    }

    /** The bytes the producer thread allocates reading both counters, as the measurement above does. */
    static long measurementCost(long producer, long consumer) {
        long before = THREADS.getThreadAllocatedBytes(producer);
        THREADS.getThreadAllocatedBytes(producer);
        THREADS.getThreadAllocatedBytes(consumer);
        return THREADS.getThreadAllocatedBytes(producer) - before;
    }

    /** Publishes {@code n} ticks from {@code first} and waits, without allocating, until all are handled. */
    private static long produce(RecordRing<TickEncoder, TickDecoder> ring, Reader reader, long first, int n) {
        long end = first + n;
        for (long i = first; i < end; i++) {
            long sequence = ring.claim();
            Ticks.write(ring.encoder(sequence), sequence);
            ring.publish(sequence);
        }
        while (reader.handled < end) {
            LockSupport.parkNanos(10_000);
        }
        return end;
    }
}
