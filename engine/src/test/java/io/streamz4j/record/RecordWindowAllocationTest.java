package io.streamz4j.record;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.record.tick.TickDecoder;
import io.streamz4j.record.tick.TickEncoder;
import io.streamz4j.record.value.WindowAggregateDecoder;
import io.streamz4j.runtime.WaitStrategy;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * After warm-up, a million ticks through producer, ring, a keyed VWAP window (sliding time, the
 * trading case, and each other kind), a filter and a sink allocate nothing on the producing
 * thread or on the consuming thread, counted
 * with {@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes} (a count of bytes, not a
 * timing). Warm-up lets the per-key maps and window arrays reach their steady size; the allowance
 * covers reading the counters, far below a byte per tick.
 */
class RecordWindowAllocationTest {
    private static final int RECORDS = 1_000_000;
    private static final long ALLOWANCE_BYTES = 16 * 1024;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Counts the signals it is lent and notes the end of each batch; allocates nothing. */
    private static final class Signals implements RecordHandler<WindowAggregateDecoder> {
        volatile long lastSequence = -1;
        long signals;
        double checksum;

        @Override
        public void onRecord(WindowAggregateDecoder vwap, long sequence, boolean endOfBatch) {
            signals++;
            checksum += vwap.weightedMean() + vwap.count() + vwap.key();
            if (endOfBatch) {
                lastSequence = sequence;
            }
        }

        @Override
        public void onBatchEnd(long sequence) {
            lastSequence = sequence;
        }
    }

    /** A per-symbol VWAP window of {@code kind}; six symbols, a tick per nanosecond: a thousand ticks per window. */
    private static RecordWindow<TickDecoder> vwap(String kind) {
        RecordWindow<TickDecoder> bySymbol = RecordWindow.keyedBy(Ticks.LAYOUT,
                RecordKeys.ascii(TickDecoder.symbolEncodingOffset(), TickDecoder.symbolLength()));
        RecordWindow<TickDecoder> window = switch (kind) {
            case "slidingTime" -> bySymbol.slidingTime(Duration.ofNanos(6_000), TickDecoder::exchangeTimestamp);
            case "tumblingTime" -> bySymbol.tumblingTime(Duration.ofNanos(6_000), TickDecoder::exchangeTimestamp);
            case "slidingCount" -> bySymbol.slidingCount(1_000);
            case "tumblingCount" -> bySymbol.tumblingCount(1_000);
            default -> throw new IllegalArgumentException(kind);
        };
        return window.value(TickDecoder::price).weight(TickDecoder::quantity);
    }

    @ParameterizedTest
    @ValueSource(strings = {"slidingTime", "tumblingTime", "slidingCount", "tumblingCount"})
    void aMillionTicksThroughRingKeyedVwapWindowFilterAndSinkAllocateNothingOnEitherThread(String kind) {
        THREADS.setThreadAllocatedMemoryEnabled(true);
        Signals signals = new Signals();
        RecordWindow<TickDecoder> vwap = vwap(kind);
        try (RecordRing<TickEncoder, TickDecoder> ring = RecordRing.builder(Ticks.LAYOUT).capacity(1024)
                .waitStrategy(WaitStrategy.YIELDING)
                .handler(RecordFlow.from(Ticks.LAYOUT).window(vwap)
                        .filter(a -> a.weightedMean() > a.mean())
                        .sink(signals))
                .build()) {
            long producer = Thread.currentThread().getId();
            long consumer = ring.consumerThread().getId();
            long sequence = 0;
            for (int round = 0; round < 5; round++) {
                sequence = produce(ring, signals, sequence, RECORDS);
            }
            long signalsBefore = signals.signals;
            long measuring = RecordAllocationTest.measurementCost(producer, consumer);
            long producerBefore = THREADS.getThreadAllocatedBytes(producer);
            long consumerBefore = THREADS.getThreadAllocatedBytes(consumer);
            sequence = produce(ring, signals, sequence, RECORDS);
            long producerBytes = THREADS.getThreadAllocatedBytes(producer) - producerBefore;
            long consumerBytes = THREADS.getThreadAllocatedBytes(consumer) - consumerBefore;

            long passed = signals.signals - signalsBefore;
            assertTrue(passed > 0 && passed < RECORDS, kind + ": the filter passed some signals and dropped others: "
                    + passed);
            assertTrue(producerBytes <= measuring + ALLOWANCE_BYTES, kind + ": the producing thread allocated "
                    + producerBytes + " bytes for " + RECORDS + " ticks (measuring costs " + measuring + ")");
            assertTrue(consumerBytes <= ALLOWANCE_BYTES, kind + ": the consuming thread (window, filter, sink) "
                    + "allocated " + consumerBytes + " bytes for " + RECORDS + " ticks");
        }
    }

    /** Publishes {@code n} ticks from {@code first}; waits, allocating nothing, for the sink to see the end. */
    private static long produce(RecordRing<TickEncoder, TickDecoder> ring, Signals signals, long first, int n) {
        long end = first + n;
        for (long i = first; i < end; i++) {
            long sequence = ring.claim();
            Ticks.write(ring.encoder(sequence), sequence);
            ring.publish(sequence);
        }
        while (signals.lastSequence < end - 1) {
            LockSupport.parkNanos(10_000);
        }
        return end;
    }
}
