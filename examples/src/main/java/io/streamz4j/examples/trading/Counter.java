package io.streamz4j.examples.trading;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A count one thread writes and any thread reads: the ticks, signals and orders the progress line
 * prints while the feed and the strategy run. Incrementing is a release store (a plain store on
 * x86), no lock, no fence, nothing allocated: cheap enough for every tick.
 *
 * <p>Thread safety: {@link #increment} from one thread only (the count's owner); {@link #get} from any.
 */
final class Counter {
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(Counter.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through VALUE
    private long value;

    void increment() {
        VALUE.setRelease(this, (long) VALUE.get(this) + 1);
    }

    long get() {
        return (long) VALUE.getAcquire(this);
    }
}
