package io.streamz4j.transport.http;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The time limit a client has to send its whole request (line, headers, body) once a handler
 * thread took it up, so a slow client cannot hold a handler thread for ever: past it the thread
 * is interrupted, which closes the connection under the read it waits in (the JDK's server reads
 * from an interruptible channel), and the client is counted and logged as
 * {@link HttpRefusal#SLOW_CLIENT}. Once the body is read ({@link #bodyRead()}) the request is
 * safe from the interrupt, so a body put into the queue always gets its answer.
 *
 * <p>Thread safety: {@link #wrap} from the server's dispatcher thread; the wrapped work and
 * {@link #bodyRead()} on the handler threads; the deadlines fire on the watchdog's thread. Each
 * request's state is guarded by its own lock, held only to change it (and to interrupt), so an
 * interrupt never reaches a later request of the same thread. Retains one deadline per request
 * being handled.
 */
final class RequestDeadlines {
    private static final Logger LOG = LoggerFactory.getLogger(RequestDeadlines.class);
    private static final ThreadLocal<Deadline> CURRENT = new ThreadLocal<>();

    private final String source;
    private final ScheduledExecutorService watchdog;
    private final long timeoutMillis;
    private final HttpMetrics metrics;

    RequestDeadlines(String source, ScheduledExecutorService watchdog, long timeoutMillis, HttpMetrics metrics) {
        this.source = source;
        this.watchdog = watchdog;
        this.timeoutMillis = timeoutMillis;
        this.metrics = metrics;
    }

    /** {@code exchange} (the server's work for one request) run under a deadline. */
    Runnable wrap(Runnable exchange) {
        return () -> {
            Deadline deadline = new Deadline(Thread.currentThread());
            deadline.timer = watchdog.schedule(deadline::expire, timeoutMillis, TimeUnit.MILLISECONDS);
            CURRENT.set(deadline);
            try {
                exchange.run();
            } finally {
                CURRENT.remove();
                deadline.finish();
            }
        };
    }

    /**
     * Called by the handler once the body is read: true if the request made its deadline and is
     * now safe from it; false if it expired (the connection is closed, there is nobody to answer).
     */
    static boolean bodyRead() {
        Deadline deadline = CURRENT.get();
        return deadline == null || deadline.done();
    }

    /** One request's deadline. */
    private final class Deadline {
        private final Thread handler;
        private ScheduledFuture<?> timer;
        /** Guarded by this. */
        private boolean reading = true;
        private boolean expired;

        Deadline(Thread handler) {
            this.handler = handler;
        }

        /** On the watchdog: interrupts the handler if the request is still being read. */
        void expire() {
            synchronized (this) {
                if (!reading) {
                    return;
                }
                reading = false;
                expired = true;
                handler.interrupt();
            }
            metrics.countRefused(HttpRefusal.SLOW_CLIENT);
            LOG.warn("{}: disconnected a client that took over {} ms to send its request ({})",
                    source, timeoutMillis, HttpRefusal.SLOW_CLIENT.description());
        }

        synchronized boolean done() {
            if (reading) {
                reading = false;
                return true;
            }
            return !expired;
        }

        /** Ends the deadline and clears an interrupt it delivered, so the thread's next request starts clean. */
        void finish() {
            timer.cancel(false);
            synchronized (this) {
                reading = false;
            }
            if (expired) {
                Thread.interrupted();
            }
        }
    }
}
