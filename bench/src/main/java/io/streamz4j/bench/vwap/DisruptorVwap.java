package io.streamz4j.bench.vwap;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.RingBuffer;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * The floor: the pipeline written by hand on a bare LMAX Disruptor ring of preallocated heap events
 * (symbol key, price, quantity, timestamp written in place), busy-spinning, with a hand-written
 * per-symbol VWAP: each symbol's window in three circular primitive arrays and two running sums,
 * found by the packed symbol in an Agrona primitive map. Only what the pipeline needs is computed
 * (no count, mean, min or max), and the sums are plain doubles (no compensation).
 */
final class DisruptorVwap extends VwapSide {
    /** A preallocated ring entry: the tick, in fields. */
    static final class TickEvent {
        long key;
        double price;
        long quantity;
        long timestamp;
    }

    private final RingBuffer<TickEvent> ring;
    private final BatchEventProcessor<TickEvent> processor;
    private final Thread thread;
    private final Long2ObjectHashMap<HandWindow> windows = new Long2ObjectHashMap<>();

    DisruptorVwap(VwapTicks ticks, long windowNanos, double thresholdBps, SignalSink sink) {
        super(ticks, windowNanos, thresholdBps, sink);
        ring = RingBuffer.createSingleProducer(TickEvent::new, CAPACITY, new BusySpinWaitStrategy());
        processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), (tick, sequence, endOfBatch) -> {
            HandWindow window = windows.get(tick.key);
            if (window == null) {
                window = new HandWindow();
                windows.put(tick.key, window);
            }
            double vwap = window.add(tick.timestamp, tick.price, tick.quantity, windowNanos);
            if (Signal.deviates(tick.price, vwap, thresholdBps)) {
                sink.signal(tick.timestamp, vwap);
            }
            sink.handled();
        });
        ring.addGatingSequences(processor.getSequence());
        thread = new Thread(processor, "bench-vwap-disruptor");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void publish(long seq) {
        long sequence = ring.next();
        TickEvent event = ring.get(sequence);
        event.key = ticks.key(seq);
        event.price = ticks.price(seq);
        event.quantity = ticks.quantity(seq);
        event.timestamp = VwapTicks.timestamp(seq);
        ring.publish(sequence);
    }

    @Override
    public void close() {
        drainAndStop(ring, processor, thread);
    }

    /**
     * One symbol's window: times, price * quantity and quantity of its ticks in a circular buffer
     * that doubles when full, and the two sums.
     */
    static final class HandWindow {
        private long[] times = new long[64];
        private double[] notionals = new double[64];
        private long[] quantities = new long[64];
        private int head;
        private int size;
        private double notionalSum;
        private long quantitySum;

        /** Adds a tick, drops those {@code windowNanos} or more older, returns the VWAP. */
        double add(long time, double price, long quantity, long windowNanos) {
            if (size == times.length) {
                grow();
            }
            int mask = times.length - 1;
            int tail = (head + size) & mask;
            double notional = price * quantity;
            times[tail] = time;
            notionals[tail] = notional;
            quantities[tail] = quantity;
            size++;
            notionalSum += notional;
            quantitySum += quantity;
            while (time - times[head] >= windowNanos) {
                notionalSum -= notionals[head];
                quantitySum -= quantities[head];
                head = (head + 1) & mask;
                size--;
            }
            return notionalSum / quantitySum;
        }

        private void grow() {
            int n = times.length;
            long[] t = new long[n * 2];
            double[] p = new double[n * 2];
            long[] q = new long[n * 2];
            for (int i = 0; i < n; i++) {
                int from = (head + i) & (n - 1);
                t[i] = times[from];
                p[i] = notionals[from];
                q[i] = quantities[from];
            }
            times = t;
            notionals = p;
            quantities = q;
            head = 0;
        }
    }
}
