package io.streamz4j.bench.vwap;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Where every side of the VWAP suite ends: {@link #signal} for each tick the filter lets through
 * (counted and summed, so no side can skip the work), then {@link #handled} once per tick after its
 * whole pipeline has returned, which the producer reads to bound what is in flight and to time a
 * tick's way through. A test subclass also records the signals.
 *
 * <p>Thread safety: {@link #signal} and {@link #handled} on the side's one consumer thread;
 * {@link #count} from the producer. The count sits on its own cache line.
 */
public class SignalSink {
    private static final VarHandle HANDLED;

    static {
        try {
            HANDLED = MethodHandles.lookup().findVarHandle(SignalSink.class, "handled", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private long signals;
    private double vwapSum;
    @SuppressWarnings("unused")
    private long p01, p02, p03, p04, p05, p06, p07;
    @SuppressWarnings("unused") // accessed through HANDLED
    private long handled;
    @SuppressWarnings("unused")
    private long q01, q02, q03, q04, q05, q06, q07;

    /** A signal: the tick at event time {@code timestamp} strayed from its symbol's VWAP {@code vwap}. */
    public void signal(long timestamp, double vwap) {
        signals++;
        vwapSum += vwap;
    }

    /** One tick has been through the whole pipeline. */
    public final void handled() {
        HANDLED.setRelease(this, (long) HANDLED.get(this) + 1);
    }

    /** Ticks handled so far. */
    public final long count() {
        return (long) HANDLED.getAcquire(this);
    }

    /** Signals so far; read after the consumer stopped. */
    public long signals() {
        return signals;
    }

    /** The sum of the signals' VWAPs: a checksum the benchmark consumes. */
    public double vwapSum() {
        return vwapSum;
    }
}
