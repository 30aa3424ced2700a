package io.streamz4j.bench.vwap;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.locks.LockSupport;

/**
 * The JMH state of the VWAP suite: one {@link VwapSide}, picked by {@code side}, over
 * {@code symbols} symbols with a sliding window of {@code windowMicros} of event time (ticks are 1
 * µs apart: 10,000 µs holds about 100 ticks per symbol at 100 symbols) and a signal threshold of
 * {@code thresholdBps}. At the end of each iteration it waits until the consumer has handled every
 * tick sent, so an iteration counts ticks through the whole pipeline (at most 1024 were still in
 * flight when the clock stopped).
 *
 * <p>Thread safety: used by the one benchmark thread (the producer); JMH runs the fixtures while
 * it is not publishing.
 */
@State(Scope.Benchmark)
public class VwapState {
    @Param({"records", "disruptor", "streamz4j", "rxjava", "esper"})
    public String side;

    @Param({"100"})
    public int symbols;

    @Param({"10000"})
    public long windowMicros;

    /** With 100 symbols and 10 ms, about one tick in ten signals. */
    @Param({"5"})
    public double thresholdBps;

    private VwapSide pipeline;
    private SignalSink sink;
    private long next;

    @Setup(Level.Trial)
    public void setup() {
        sink = new SignalSink();
        pipeline = VwapSide.create(side, new VwapTicks(symbols, 42), windowMicros * 1_000, thresholdBps, sink);
    }

    /** Sends the next tick across. */
    public void publish() {
        pipeline.publish(next++);
    }

    /** Sends the next tick and spins until the consumer has handled it: one tick in flight. */
    public void publishAndAwait() {
        pipeline.publish(next++);
        while (sink.count() < next) {
            Thread.onSpinWait();
        }
    }

    @TearDown(Level.Iteration)
    public void drain() {
        int spins = 0;
        while (sink.count() < next) {
            if (++spins < 1_000) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(1_000);
            }
        }
    }

    @TearDown(Level.Trial)
    public void close(Blackhole bh) {
        pipeline.close();
        bh.consume(sink.signals());
        bh.consume(sink.vwapSum());
    }
}
