package io.streamz4j.bench.vwap;

import com.espertech.esper.common.client.EPCompiled;
import com.espertech.esper.common.client.EventSender;
import com.espertech.esper.common.client.configuration.Configuration;
import com.espertech.esper.compiler.client.CompilerArguments;
import com.espertech.esper.compiler.client.EPCompileException;
import com.espertech.esper.compiler.client.EPCompilerProvider;
import com.espertech.esper.runtime.client.EPDeployException;
import com.espertech.esper.runtime.client.EPDeployment;
import com.espertech.esper.runtime.client.EPRuntime;
import com.espertech.esper.runtime.client.EPRuntimeProvider;
import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.RingBuffer;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Esper 9, the CEP engine trading desks use, running the same VWAP per symbol over the same
 * event-time window in EPL:
 *
 * <pre>
 * select symbol, price, timestamp, sum(price * quantity) / sum(quantity) as vwap
 * from Tick#groupwin(symbol)#ext_timed(micros, W microseconds) group by symbol
 * </pre>
 *
 * {@code #groupwin(symbol)#ext_timed} keeps a window per symbol driven by that symbol's own event
 * times, as the other sides do, and retains the events with time in {@code (t - W, t]}. Esper's
 * finest time unit is the microsecond, which the ticks' spacing (1 µs) divides exactly. A new
 * {@link Tick} per event crosses the same bare busy-spinning Disruptor ring as the floor to the
 * thread that sends it into Esper (Esper's own inbound thread pool queues through a blocking queue,
 * which would measure that queue rather than Esper); a subscriber object receives each row and
 * applies the signal filter.
 */
final class EsperVwap extends VwapSide {
    private static final AtomicInteger RUNTIMES = new AtomicInteger();

    /** A ring entry: a reference to the new tick. */
    static final class TickRef {
        Tick tick;
    }

    private final EPRuntime runtime;
    private final RingBuffer<TickRef> ring;
    private final BatchEventProcessor<TickRef> processor;
    private final Thread thread;

    EsperVwap(VwapTicks ticks, long windowNanos, double thresholdBps, SignalSink sink) {
        super(ticks, windowNanos, thresholdBps, sink);
        if (windowNanos % 1_000 != 0) {
            throw new IllegalArgumentException("EsperVwap: parameter 'windowNanos' must be whole microseconds, got "
                    + windowNanos);
        }
        Configuration configuration = new Configuration();
        configuration.getCommon().addEventType("Tick", Tick.class);
        configuration.getCommon().getTimeSource().setTimeUnit(TimeUnit.MICROSECONDS);
        configuration.getRuntime().getThreading().setInternalTimerEnabled(false);
        // A subscriber gets each row's columns as typed arguments, Esper's fastest way out of a statement.
        configuration.getCompiler().getByteCode().setAllowSubscriber(true);
        String epl = "@name('vwap') select symbol, price, timestamp, sum(price * quantity) / sum(quantity) as vwap "
                + "from Tick#groupwin(symbol)#ext_timed(micros, " + windowNanos / 1_000 + " microseconds) "
                + "group by symbol";
        runtime = EPRuntimeProvider.getRuntime("bench-vwap-" + RUNTIMES.incrementAndGet(), configuration);
        try {
            EPCompiled compiled = EPCompilerProvider.getCompiler().compile(epl, new CompilerArguments(configuration));
            EPDeployment deployment = runtime.getDeploymentService().deploy(compiled);
            runtime.getDeploymentService().getStatement(deployment.getDeploymentId(), "vwap")
                    .setSubscriber(new Rows(thresholdBps, sink));
        } catch (EPCompileException | EPDeployException e) {
            throw new IllegalStateException("EsperVwap: " + e.getMessage(), e);
        }
        EventSender sender = runtime.getEventService().getEventSender("Tick");
        ring = RingBuffer.createSingleProducer(TickRef::new, CAPACITY, new BusySpinWaitStrategy());
        processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), (ref, sequence, endOfBatch) -> {
            sender.sendEvent(ref.tick);
            ref.tick = null;
            sink.handled();
        });
        ring.addGatingSequences(processor.getSequence());
        thread = new Thread(processor, "bench-vwap-esper");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The statement's subscriber: Esper calls {@link #update} with each output row's columns.
     *
     * <p>Thread safety: called on the thread that sends events into Esper, the ring's consumer.
     */
    public static final class Rows {
        private final double thresholdBps;
        private final SignalSink sink;

        Rows(double thresholdBps, SignalSink sink) {
            this.thresholdBps = thresholdBps;
            this.sink = sink;
        }

        public void update(String symbol, double price, long timestamp, Double vwap) {
            if (Signal.deviates(price, vwap, thresholdBps)) {
                sink.signal(timestamp, vwap);
            }
        }
    }

    @Override
    public void publish(long seq) {
        long sequence = ring.next();
        ring.get(sequence).tick = Tick.of(ticks, seq);
        ring.publish(sequence);
    }

    @Override
    public void close() {
        drainAndStop(ring, processor, thread);
        runtime.destroy();
    }
}
