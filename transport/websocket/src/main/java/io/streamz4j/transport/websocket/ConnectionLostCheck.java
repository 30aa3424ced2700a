package io.streamz4j.transport.websocket;

import io.streamz4j.runtime.Threads;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Finds dead and stalled clients of a {@link WebsocketServerEndpoint}: every period it pings each
 * connection and closes, as lost, one that answered no ping for 1.5 periods (and a socket whose
 * handshake is not complete 1.5 periods after it connected); the protocol's
 * ping/pong as Java-WebSocket's own connection-lost timer uses them. That timer is not used because
 * it runs on a thread the source can neither name nor wait for at stop, counts in whole seconds,
 * and would take a client for dead while the source itself stopped reading it (back pressure: its
 * pongs wait unread). This check skips a round in which the source held its readers back.
 *
 * <p>Thread safety: runs on its own thread {@code streamz4j-<name>-websocket-lost-check}, made by
 * the pipeline's {@link Threads}; {@link #close()} from the stopping thread ends it and waits.
 */
final class ConnectionLostCheck implements AutoCloseable {
    private final ScheduledExecutorService timer;

    ConnectionLostCheck(WebsocketServerEndpoint server, Duration period, Threads threads, String threadName) {
        this.timer = Executors.newSingleThreadScheduledExecutor(work -> threads.newThread(threadName, work));
        long nanos = period.toNanos();
        timer.scheduleAtFixedRate(() -> server.checkConnections(nanos + nanos / 2), nanos, nanos,
                TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
