package io.streamz4j.bench.scatter;

/**
 * One side of the suite as the measuring loops see it: elements go out one by one ({@code 0, 1,
 * 2, ...}) and results come back, in order, into {@link #results()}.
 *
 * <p>Thread safety: {@link #send} and {@link #poll} are called by the one measuring thread;
 * results may arrive on another thread (the side says which).
 */
interface RoundTripSide extends AutoCloseable {
    /** Sends the element, waiting (the side's idle strategy) while the transport is back pressured. */
    void send(long element);

    /**
     * Receives what has arrived, where the side receives on the caller's thread (the echo);
     * returns the work done, 0 when there was none (for the caller's idle strategy).
     */
    int poll();

    Results results();

    /**
     * Whether {@link #send} itself waits while the window is full (a pipeline's {@code buffer(n)}
     * holds the emitting thread): the throughput loop then sends back to back, as a user's loop
     * of emits would. Otherwise the loop keeps the window itself.
     */
    boolean sendHoldsWindow();

    @Override
    void close();
}
