package io.streamz4j.transport.scatter.worker;

import io.aeron.Publication;
import io.streamz4j.transport.scatter.wire.HeartbeatMessage;
import io.streamz4j.transport.scatter.wire.WireWriter;
import org.agrona.ExpandableDirectByteBuffer;

import java.util.concurrent.locks.LockSupport;

/**
 * Keeps a worker heard while one of its functions runs for longer than a heartbeat interval. The
 * loop's thread sends the heartbeats, but not from inside a function; a coordinator that hears
 * nothing for its worker timeout declares the worker dead, resends the element elsewhere and
 * turns the worker away when it speaks again, so one slow element would cost a worker. While a
 * task runs, this daemon thread sends the HEARTBEATs instead (with the counters as they were when
 * the task began, and one element in flight); between tasks it sends nothing.
 *
 * <p>Thread safety: {@link #taskStarted}, {@link #taskEnded} and {@link #close} are called by the
 * loop's thread; the keepalive thread reads what they publish through the volatile publication
 * field (a heartbeat racing the next task may mix two tasks' counters: harmless), and offers
 * on the same publication as the loop (a concurrent publication, made for several writers). The
 * loop replaces its publication only between tasks, when this thread leaves it alone.
 */
final class Keepalive implements AutoCloseable {
    private final long intervalNs;
    private final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(HeartbeatMessage.WORKER_LENGTH);
    private final WireWriter writer = new WireWriter();
    private final Thread thread;

    /**
     * The loop's publication while a task runs; null between tasks. Written last by
     * {@link #taskStarted} and read first by the keepalive thread, so the plain fields below,
     * written before it, are seen as they were: one ordered store per task, not seven.
     */
    private volatile Publication publication;
    private long startedNs;
    private long uid;
    private long elementsIn;
    private long elementsOut;
    private long errors;
    private long refused;
    private volatile boolean closed;

    Keepalive(long intervalNs, String workerName) {
        this.intervalNs = intervalNs;
        this.thread = new Thread(this::run, "streamz4j-worker-keepalive-" + workerName);
        thread.setDaemon(true);
        thread.start();
    }

    /** A task begins on {@code to}; its counters are those the heartbeats carry meanwhile. */
    void taskStarted(Publication to, long workerUid, long in, long out, long errorCount, long refusedCount, long nowNs) {
        uid = workerUid;
        elementsIn = in;
        elementsOut = out;
        errors = errorCount;
        refused = refusedCount;
        startedNs = nowNs;
        publication = to;
    }

    void taskEnded() {
        publication = null;
    }

    private void run() {
        while (!closed) {
            LockSupport.parkNanos(intervalNs);
            Publication to = publication;
            long now = System.nanoTime();
            if (to != null && now - startedNs >= intervalNs) {
                writer.wrap(buffer, 0);
                HeartbeatMessage.encodeWorker(writer, uid, now, elementsIn, elementsOut, errors, refused, 1);
                // not retried: another follows in an interval, and the loop's own resume after the task
                to.offer(buffer, 0, writer.length());
            }
        }
    }

    /** Stops the thread and waits for it, so it never touches a publication being closed. */
    @Override
    public void close() {
        closed = true;
        publication = null;
        LockSupport.unpark(thread);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
