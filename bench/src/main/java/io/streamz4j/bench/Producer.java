package io.streamz4j.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * One producer thread's side of a thread-crossing benchmark: the elements it sends, how many it
 * has sent, and the waits. Producer {@code id} of {@code n} sends the preallocated boxes whose
 * value modulo {@code n} is {@code id}, so the consumer can tell whose element it took.
 *
 * <p>Thread safety: used by its own producer thread only; the padding keeps two producers' fields
 * out of each other's cache lines.
 */
public final class Producer {
    @SuppressWarnings("unused")
    private long p01, p02, p03, p04, p05, p06, p07;
    private final int id;
    private final int producers;
    /** How many elements this producer may have in flight where the side itself sets no bound. */
    private final int limit;
    private long published;
    /** The consumer's count of this producer's elements when last read. */
    private long consumedSeen;
    @SuppressWarnings("unused")
    private long q01, q02, q03, q04, q05, q06, q07;

    public Producer(int id, int producers, int limit) {
        this.id = id;
        this.producers = producers;
        this.limit = limit;
    }

    /** The next element to send, counted as sent. */
    public Integer next() {
        return Ints.box((int) (published++) * producers + id);
    }

    public int id() {
        return id;
    }

    public long published() {
        return published;
    }

    /**
     * For sides that do not bound their own queue (RxJava's observeOn and Reactor's publishOn
     * queues grow): waits while {@code limit} elements of this producer are in flight, as
     * buffer(n) and a ring do, so every side hands across a bounded number. It waits as a full
     * Disruptor ring makes its producer wait ({@code LockSupport.parkNanos(1)} per check), and
     * reads the consumer's count only when the last reading leaves no room.
     */
    public void awaitCredit(Consumed consumed) {
        if (published - consumedSeen < limit) {
            return;
        }
        while (published - (consumedSeen = consumed.count(id)) >= limit) {
            LockSupport.parkNanos(1L);
        }
    }

    /**
     * Waits, spinning, until the consumer has taken every element this producer sent: the
     * latency benchmark's wait, where the spinning thread is the stopwatch.
     */
    public void awaitConsumed(Consumed consumed) {
        while (consumed.count(id) < published) {
            Thread.onSpinWait();
        }
    }

    /** Waits, spinning and then parking, until the consumer has caught up: outside the measurement. */
    public void drain(Consumed consumed) {
        int spins = 0;
        while (consumed.count(id) < published) {
            if (++spins < 1_000) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(1_000);
            }
        }
    }
}
