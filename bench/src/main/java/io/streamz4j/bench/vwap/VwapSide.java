package io.streamz4j.bench.vwap;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.RingBuffer;

/**
 * One side of the VWAP suite: tick -> keyed VWAP over a sliding event-time window per symbol ->
 * signal filter -> sink, with one hop between the producer (the benchmark thread, which calls
 * {@link #publish}) and the consumer thread that runs the pipeline. Every side computes the same
 * VWAP of the same ticks over the same window, {@code (t - window, t]} of the symbol's newest event
 * time {@code t}, and ends in the same {@link SignalSink}.
 *
 * <p>Thread safety: {@link #publish} from one producer thread; the pipeline runs on the side's own
 * consumer thread; {@link #close} from the producer thread once it has stopped publishing.
 */
public abstract class VwapSide implements AutoCloseable {
    /** In flight at most: the rings' size, the object buffer's n, RxJava's credit. */
    public static final int CAPACITY = 1024;

    protected final VwapTicks ticks;
    protected final long windowNanos;
    protected final double thresholdBps;
    protected final SignalSink sink;

    protected VwapSide(VwapTicks ticks, long windowNanos, double thresholdBps, SignalSink sink) {
        this.ticks = ticks;
        this.windowNanos = windowNanos;
        this.thresholdBps = thresholdBps;
        this.sink = sink;
    }

    /**
     * Builds side {@code side}: {@code records} (streamz4j's record path), {@code disruptor} (the
     * floor), {@code streamz4j} (the object path), {@code rxjava} or {@code esper}.
     */
    public static VwapSide create(String side, VwapTicks ticks, long windowNanos, double thresholdBps,
            SignalSink sink) {
        return switch (side) {
            case "records" -> new RecordVwap(ticks, windowNanos, thresholdBps, sink);
            case "disruptor" -> new DisruptorVwap(ticks, windowNanos, thresholdBps, sink);
            case "streamz4j" -> new ObjectStreamVwap(ticks, windowNanos, thresholdBps, sink);
            case "rxjava" -> new RxJavaVwap(ticks, windowNanos, thresholdBps, sink);
            case "esper" -> new EsperVwap(ticks, windowNanos, thresholdBps, sink);
            default -> throw new IllegalArgumentException("unknown side " + side);
        };
    }

    /** Sends tick {@code seq} of {@link #ticks} across to the pipeline. */
    public abstract void publish(long seq);

    /** Lets the consumer handle what was published, then stops it and whatever else the side started. */
    @Override
    public abstract void close();

    /**
     * For the sides on a bare Disruptor ring: waits until {@code processor} has handled all of
     * {@code ring}, then stops it and joins its {@code thread}.
     */
    static void drainAndStop(RingBuffer<?> ring, BatchEventProcessor<?> processor, Thread thread) {
        while (processor.getSequence().get() < ring.getCursor()) {
            Thread.onSpinWait();
        }
        processor.halt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
