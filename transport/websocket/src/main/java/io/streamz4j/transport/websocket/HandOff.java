package io.streamz4j.transport.websocket;

import io.streamz4j.Metadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;

/**
 * The messages a {@link ToWebsocket} sent that its socket has not taken yet, in order. Each holds
 * its element's metadata references until the writer thread has written the message's frame to the
 * socket; at most {@code capacity} are pending, so a peer that reads slowly makes the emitting thread
 * wait instead of the client's outgoing queue growing.
 *
 * <p>How a frame is recognised: Java-WebSocket encodes a message into one buffer
 * ({@link FrameTrackingDraft}, on the emitting thread, before it is queued), and its writer thread
 * writes each queued buffer's backing array with one call ({@link HandOffSocket}). The array's
 * identity ties the write to the message; control frames (pings, pongs, close) are not tracked and
 * pass by.
 *
 * <p>Thread safety: {@link #acquire}, {@link #sending} and {@link #framed} on the emitting thread;
 * {@link #written} on the client's writer thread; {@link #abandon} on whichever thread sees the
 * connection close. The pending queue is lock-free for the emitting thread; the writer and the
 * abandoner take this object's monitor, so an abandoned message is never also written.
 */
final class HandOff {
    /** One message between the emitting thread and the socket. */
    static final class Pending {
        final Object element;
        final List<Map<String, Object>> metadata;
        final int bytes;
        /** The encoded frame's array; set on the emitting thread before the frame is queued. */
        byte[] wire;

        Pending(Object element, List<Map<String, Object>> metadata, int bytes) {
            this.element = element;
            this.metadata = metadata;
            this.bytes = bytes;
        }
    }

    private final Semaphore permits;
    private final ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final ToWebsocketMetrics metrics;
    /** The message being encoded; emitting thread only. */
    private Pending framing;

    HandOff(int capacity, ToWebsocketMetrics metrics) {
        this.permits = new Semaphore(capacity);
        this.metrics = metrics;
    }

    /** Takes room for one message without waiting; false if {@code capacity} are pending. */
    boolean tryAcquire() {
        return permits.tryAcquire();
    }

    /** Waits for room for one message. */
    void acquire() throws InterruptedException {
        permits.acquire();
    }

    /** Gives back room taken by {@link #acquire} for a message that will not be sent. */
    void release() {
        permits.release();
    }

    /** Retains {@code message}'s references: it is about to be sent. */
    void sending(Pending message) {
        Metadata.retain(message.metadata, 1);
        framing = message;
    }

    /** The message being sent was encoded into {@code wire}; called before the frame is queued. */
    void framed(byte[] wire) {
        Pending message = framing;
        if (message != null) {
            framing = null;
            message.wire = wire;
            pending.add(message);
        }
    }

    /** The send failed before the message was encoded: gives back its room and references. */
    void notSent() {
        Pending message = framing;
        if (message != null) {
            framing = null;
            Metadata.release(message.metadata, 1);
            permits.release();
        }
    }

    /** On the writer thread: {@code wire} went to the socket; if it is the oldest pending message's, that one is done. */
    synchronized void written(byte[] wire) {
        Pending oldest = pending.peek();
        if (oldest != null && oldest.wire == wire) {
            pending.poll();
            metrics.sent.increment();
            metrics.bytes.add(oldest.bytes);
            Metadata.release(oldest.metadata, 1);
            permits.release();
        }
    }

    /**
     * The connection closed: returns the messages it never wrote, which keep their references (they
     * were not delivered), and gives back their room, so a waiting emitter wakes up.
     */
    synchronized List<Pending> abandon() {
        List<Pending> lost = new ArrayList<>();
        Pending message;
        while ((message = pending.poll()) != null) {
            lost.add(message);
        }
        permits.release(lost.size());
        return lost;
    }
}
