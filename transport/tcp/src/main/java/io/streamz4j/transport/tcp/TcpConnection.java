package io.streamz4j.transport.tcp;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * One client of {@link FromTcp}: reads its bytes, cuts them into messages and puts each into the
 * source's bounded queue. When the queue is full the put blocks and the reading stops, so the
 * socket's receive buffer fills and TCP's flow control stalls the sender: memory stays bounded by
 * the queue, this connection's buffer and the kernel's socket buffers. A message longer than
 * allowed or a client silent past the idle timeout gets it disconnected, with one log line and a
 * count. What follows the last delimiter when the client closes is dropped, as streamz's
 * {@code read_until} drops it.
 *
 * <p>Thread safety: {@link #run()} runs on the connection's own thread, which alone uses the
 * framer; {@link #close()} from the thread stopping the source. Retains the socket and the bytes
 * of the message being received.
 */
final class TcpConnection implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(TcpConnection.class);

    private final String source;
    private final Socket socket;
    private final SocketAddress remote;
    private final DelimiterFramer framer;
    private final int maxMessageSize;
    private final int idleMillis;
    private final BlockingQueue<byte[]> queue;
    private final TcpMetrics metrics;
    private final Consumer<TcpConnection> onEnd;
    private volatile Thread thread;
    private volatile boolean closing;

    TcpConnection(String source, Socket socket, byte[] delimiter, int maxMessageSize, int idleMillis,
            BlockingQueue<byte[]> queue, TcpMetrics metrics, Consumer<TcpConnection> onEnd) {
        this.source = source;
        this.socket = socket;
        this.remote = socket.getRemoteSocketAddress();
        this.framer = new DelimiterFramer(delimiter, maxMessageSize);
        this.maxMessageSize = maxMessageSize;
        this.idleMillis = idleMillis;
        this.queue = queue;
        this.metrics = metrics;
        this.onEnd = onEnd;
    }

    /** Starts {@code reader}, which must run this connection. */
    void start(Thread reader) {
        thread = reader;
        reader.start();
    }

    /** The thread reading this connection, once started. */
    Thread thread() {
        return thread;
    }

    @Override
    public void run() {
        try (Socket ignored = socket) {
            socket.setSoTimeout(idleMillis); // a read waiting longer ends the connection; a put waiting for room does not count
            InputStream in = socket.getInputStream();
            while (true) {
                byte[] message;
                while ((message = framer.next()) != null) {
                    queue.put(message); // blocks while the queue is full: back pressure on the sender
                    metrics.countAccepted();
                }
                if (framer.oversized()) {
                    refuse(TcpRefusal.OVERSIZED, "more than " + maxMessageSize + " bytes without a delimiter");
                    return;
                }
                if (framer.fill(in) < 0) {
                    if (framer.pending() > 0) {
                        LOG.debug("{}: {} closed with {} bytes after its last delimiter; dropped",
                                source, remote, framer.pending());
                    }
                    return;
                }
            }
        } catch (SocketTimeoutException e) {
            refuse(TcpRefusal.IDLE, "sent nothing for " + idleMillis + " ms");
        } catch (InterruptedException e) {
            // stopping: the message being put was not accepted, so dropping it loses nothing promised
        } catch (IOException e) {
            if (!closing) {
                LOG.info("{}: connection from {} failed: {}", source, remote, e.toString());
            }
        } finally {
            metrics.closed();
            onEnd.accept(this);
        }
    }

    private void refuse(TcpRefusal reason, String detail) {
        metrics.countRefused(reason);
        LOG.warn("{}: disconnected {}: {} ({})", source, remote, reason.description(), detail);
    }

    /** Closes the socket and wakes the reader, wherever it waits; it then ends. */
    void close() {
        closing = true;
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("{}: closing {}: {}", source, remote, e.toString());
        }
        Thread reader = thread;
        if (reader != null) {
            reader.interrupt();
        }
    }
}
