package io.streamz4j.bench;

import io.streamz4j.runtime.WaitStrategy;

/**
 * One side of a thread-crossing benchmark: a pipeline whose source the producers publish into and
 * whose consumer thread hands every element to {@link Consumed#accept}. Each publish hands exactly
 * one element across.
 *
 * <p>Thread safety: {@link #publish} from the producer threads the side was built for (one, or
 * several for a multi-producer side); the consumer runs on the side's own thread.
 */
public abstract class HandOff implements AutoCloseable {
    /** In flight at most: the buffer's {@code n}, the rings' size, the peers' credit. */
    public static final int CAPACITY = 1024;

    /**
     * Builds side {@code side} ({@code streamz4j}, {@code disruptor}, {@code rxjava},
     * {@code reactor}) for {@code producers} producer threads, its consumer waiting with
     * {@code wait}.
     */
    public static HandOff create(String side, WaitStrategy wait, int producers, Consumed consumed) {
        boolean multi = producers > 1;
        return switch (side) {
            case "streamz4j" -> new Streamz4jHandOff(wait, multi, consumed);
            case "disruptor" -> new DisruptorHandOff(wait, multi, consumed);
            case "rxjava" -> new RxJavaHandOff(wait, multi, consumed);
            case "reactor" -> new ReactorHandOff(wait, multi, consumed);
            default -> throw new IllegalArgumentException("unknown side " + side);
        };
    }

    /** Sends {@code producer}'s next element across. */
    public abstract void publish(Producer producer);

    /** Stops the consumer thread and whatever else the side started. */
    @Override
    public abstract void close();
}
