package io.streamz4j.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What every thread-crossing benchmark's consumer does with an element, on every side: adds it to
 * a running sum and counts it against the producer that sent it (an element's low bit names its
 * producer, see {@link Producer}). Producers read the counts to bound how many elements they have
 * in flight and to wait for the consumer to catch up.
 *
 * <p>Thread safety: {@link #accept} runs on the one consumer thread of a side; {@link #count} is
 * read by the producers. Each count sits in its own cache line, away from the sum.
 */
public final class Consumed {
    private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);
    /** Longs per cache line and a half: each count is padded on both sides. */
    private static final int STRIDE = 16;

    private final int producerMask;
    private final long[] counts;
    private long sum;

    /** A consumer for {@code producers} producers, a power of two. */
    public Consumed(int producers) {
        if (Integer.bitCount(producers) != 1) {
            throw new IllegalArgumentException("producers must be a power of two, got " + producers);
        }
        this.producerMask = producers - 1;
        this.counts = new long[(producers + 1) * STRIDE];
    }

    /** The consumer's work for one element. */
    public void accept(Object x) {
        int v = (Integer) x;
        sum += v;
        int slot = (v & producerMask) * STRIDE + STRIDE;
        COUNTS.setRelease(counts, slot, counts[slot] + 1);
    }

    /** How many elements of producer {@code id} the consumer has taken. */
    public long count(int id) {
        return (long) COUNTS.getAcquire(counts, id * STRIDE + STRIDE);
    }

    /** The sum of every element taken; read after the consumer has stopped. */
    public long sum() {
        return sum;
    }
}
