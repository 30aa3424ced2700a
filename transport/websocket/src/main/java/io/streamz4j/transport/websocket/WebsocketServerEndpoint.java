package io.streamz4j.transport.websocket;

import io.streamz4j.runtime.Threads;
import org.java_websocket.WebSocket;
import org.java_websocket.WebSocketAdapter;
import org.java_websocket.WebSocketImpl;
import org.java_websocket.drafts.Draft;
import org.java_websocket.enums.ReadyState;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.framing.Framedata;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.DefaultWebSocketServerFactory;
import org.java_websocket.server.WebSocketServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One start of a {@link FromWebsocket}: a Java-WebSocket server that puts every message it receives
 * into the source's bounded queue (a binary message as {@code byte[]}, a text message as
 * {@code String}, as streamz's {@code ws.recv()} returns {@code bytes} or {@code str}) and refuses
 * what does not belong, each refusal with one log line and a counter:
 * <ul>
 * <li>a message over the size limit: the library's RFC 6455 draft checks each frame's header and
 *     the fragments of one message together against the limit, and closes with 1009 (too big);</li>
 * <li>a malformed frame (reserved bits, an unknown opcode, a broken fragment sequence, no mask:
 *     {@link ClientFrameDraft}) or a malformed
 *     handshake: the library closes with 1002 (protocol error), invalid UTF-8 text with 1007;</li>
 * <li>a connection over the limit: closed with 1013 (try again later) as soon as it opens;</li>
 * <li>a dead or stalled client: closed as lost by the {@link ConnectionLostCheck}, which also closes
 *     a socket whose handshake is not complete in that time (one that connects and sends nothing,
 *     or trickles its request).</li>
 * </ul>
 *
 * <p>Back pressure: a decoder thread waits to put a message while the queue is full. The selector
 * thread goes on reading only while the library's small pool of read buffers (2 per decoder, plus 1)
 * lasts; the buffers are held by the waiting decoder, so reading stops, every client's bytes stay in
 * the kernel's socket buffers and then in the client, whose writes block. Memory stays bounded by the
 * queue, the buffer pool and one partial message per connection, and nothing is dropped. The other
 * way, turning off read interest per connection, would mean touching the library's selection keys
 * from outside its selector thread.
 *
 * <p>Thread safety: the library's selector thread ({@code streamz4j-<name>-websocket-selector}, made
 * by the pipeline's {@link Threads}) accepts, reads and writes; its decoder threads
 * ({@code ...-websocket-decoder-<i>}, made by the library and renamed here) decode frames and call
 * the {@code on...} methods, each connection on one decoder, so each connection's messages keep
 * their order; the connection check calls {@link #checkConnections}. {@link #start} and
 * {@link #shutdown} come from the thread starting or stopping the source.
 */
final class WebsocketServerEndpoint extends WebSocketServer {
    private static final Logger LOG = LoggerFactory.getLogger(FromWebsocket.class);
    /** How often a decoder waiting for room in the queue looks whether the source is stopping. */
    private static final long OFFER_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long JOIN_MILLIS = 10_000;

    private final FromWebsocketOptions options;
    private final BlockingQueue<Object> queue;
    private final FromWebsocketMetrics metrics;
    private final AtomicInteger open;
    private final String threadPrefix;
    /** The source as log lines name it, without the port. */
    private final String source;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile Exception startFailure;
    /** Set when the source stops: decoders then drop what they decode instead of putting it. */
    private volatile boolean closing;
    /** Decoders waiting for room in the queue now. */
    private final AtomicInteger waitingDecoders = new AtomicInteger();
    /** Accepted sockets whose handshake has not completed, with when they were accepted. */
    private final Map<WebSocket, Long> handshaking = new ConcurrentHashMap<>();
    /** Sockets whose handshake was refused, which the library leaves open. */
    private final Queue<WebSocket> refusedHandshakes = new ConcurrentLinkedQueue<>();
    /** Whether a decoder waited for room since the last connection check. */
    private volatile boolean heldBack;
    private Thread selector;

    WebsocketServerEndpoint(InetSocketAddress address, FromWebsocketOptions options, BlockingQueue<Object> queue,
            FromWebsocketMetrics metrics, AtomicInteger open, String threadPrefix, String source) {
        super(address, options.decoderThreads(),
                List.<Draft>of(new ClientFrameDraft(options.maxMessageSize())));
        this.options = options;
        this.queue = queue;
        this.metrics = metrics;
        this.open = open;
        this.threadPrefix = threadPrefix;
        this.source = source;
        setReuseAddr(true);
        setTcpNoDelay(true);
        setDaemon(true);
        setConnectionLostTimeout(0); // the ConnectionLostCheck does it, on a thread the source owns
        setWebSocketFactory(new DefaultWebSocketServerFactory() {
            @Override
            public WebSocketImpl createWebSocket(WebSocketAdapter listener, List<Draft> drafts) {
                // on the selector thread, as it accepts; sockets that opened or closed since are let go
                // here too, so the list stays as short as the handshakes under way, check or no check
                handshaking.keySet().removeIf(conn -> conn.isOpen() || conn.isClosed());
                refusedHandshakes.removeIf(WebSocket::isClosed);
                WebSocketImpl accepted = super.createWebSocket(listener, drafts);
                handshaking.put(accepted, System.nanoTime());
                return accepted;
            }
        });
        for (int i = 0; i < decoders.size(); i++) {
            decoders.get(i).setName(threadPrefix + "-decoder-" + i);
        }
    }

    /** Binds and starts serving on a thread made by {@code threads}; throws, leaving nothing running, if it cannot bind. */
    void start(Threads threads) {
        selector = threads.newThread(threadPrefix + "-selector", this);
        selector.start();
        boolean ready;
        try {
            ready = started.await(JOIN_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ready = false;
        }
        if (!ready || startFailure != null) {
            shutdown(Duration.ZERO);
            String why = startFailure != null ? String.valueOf(startFailure.getMessage()) : "the server did not start";
            throw new IllegalStateException(source + ": cannot listen on " + getAddress() + ": " + why, startFailure);
        }
    }

    @Override
    public void onStart() {
        Thread.currentThread().setName(threadPrefix + "-selector"); // the library renamed it
        started.countDown();
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
        handshaking.remove(conn);
        Peer peer = new Peer(remoteOf(conn), System.nanoTime());
        if (open.incrementAndGet() > options.maxConnections()) {
            open.decrementAndGet();
            metrics.connectionLimit.increment();
            LOG.warn("{}: refused {} with 1013 (try again later): {} connections are open, the limit", label(),
                    peer.remote, options.maxConnections());
            conn.close(CloseFrame.TRY_AGAIN_LATER, "connection limit reached");
            return;
        }
        conn.setAttachment(peer);
        metrics.connections.increment();
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        if (conn.getAttachment() instanceof Peer) {
            open.decrementAndGet();
        }
    }

    /**
     * Counts a close the library starts on an open connection because of what the client sent; called
     * before the close frame goes out, so a client that sees it finds the refusal counted.
     */
    @Override
    public void onCloseInitiated(WebSocket conn, int code, String reason) {
        countRefusal(conn, code, reason);
    }

    /**
     * Counts a close the library starts during the handshake (a malformed request), which skips
     * {@link #onCloseInitiated}. The library answers 404 but leaves such a socket open (it closes
     * only sockets whose handshake matched), and it is in no connection list: it is kept here and
     * closed by the next connection check, once the answer has gone out, or at stop.
     */
    @Override
    public void onClosing(WebSocket conn, int code, String reason, boolean remote) {
        if (!remote && conn.getReadyState() == ReadyState.NOT_YET_CONNECTED) {
            countRefusal(conn, code, reason);
            refusedHandshakes.add(conn);
        }
    }

    /** Closes the sockets of the refused handshakes noted so far. */
    private void closeRefusedHandshakes() {
        WebSocket conn;
        while ((conn = refusedHandshakes.poll()) != null) {
            conn.closeConnection(CloseFrame.PROTOCOL_ERROR, "malformed handshake");
        }
    }

    private void countRefusal(WebSocket conn, int code, String reason) {
        if (code == CloseFrame.TOOBIG) {
            metrics.oversized.increment();
            LOG.warn("{}: closed {} with 1009 (message too big): {} (limit {} bytes)", label(), remoteOf(conn), reason,
                    options.maxMessageSize());
        } else if (code == CloseFrame.PROTOCOL_ERROR || code == CloseFrame.NO_UTF8) {
            metrics.malformed.increment();
            LOG.warn("{}: closed {} with {} (malformed input): {}", label(), remoteOf(conn), code, reason);
        }
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
        put(message, Utf8.length(message));
    }

    @Override
    public void onMessage(WebSocket conn, ByteBuffer message) {
        byte[] bytes = new byte[message.remaining()];
        message.get(bytes);
        put(bytes, bytes.length);
    }

    /** On a decoder thread: waits for room in the queue, which holds this connection's (and, once the read buffers run out, every connection's) reading back. */
    private void put(Object message, int bytes) {
        if (closing || (!queue.offer(message) && !awaitRoom(message))) {
            metrics.droppedAtStop.increment();
            return;
        }
        metrics.messages.increment();
        metrics.bytes.add(bytes);
    }

    private boolean awaitRoom(Object message) {
        waitingDecoders.incrementAndGet();
        heldBack = true;
        try {
            while (!queue.offer(message, OFFER_RECHECK_NANOS, TimeUnit.NANOSECONDS)) {
                if (closing) {
                    return false;
                }
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            waitingDecoders.decrementAndGet();
        }
    }

    @Override
    public void onWebsocketPong(WebSocket conn, Framedata f) {
        if (conn.getAttachment() instanceof Peer peer) {
            peer.lastPongNanos = System.nanoTime();
        }
    }

    /**
     * On the connection check's thread: closes as lost each connection that answered no ping for
     * {@code lostAfterNanos}, pings the others. A round in which the source held its decoders back
     * judges nobody: their pongs may be waiting unread behind the back pressure.
     */
    void checkConnections(long lostAfterNanos) {
        closeRefusedHandshakes();
        long now = System.nanoTime();
        closeSlowHandshakes(now, lostAfterNanos);
        boolean stalled = heldBack || waitingDecoders.get() > 0;
        heldBack = false;
        for (WebSocket conn : getConnections()) {
            if (!(conn.getAttachment() instanceof Peer peer)) {
                continue;
            }
            if (stalled) {
                peer.lastPongNanos = now;
            } else if (now - peer.lastPongNanos > lostAfterNanos) {
                metrics.lost.increment();
                LOG.warn("{}: closed {} as lost: no pong for {} ms", label(), peer.remote,
                        TimeUnit.NANOSECONDS.toMillis(now - peer.lastPongNanos));
                conn.closeConnection(CloseFrame.ABNORMAL_CLOSE, "connection lost: no pong in time");
            } else if (conn.isOpen()) {
                try {
                    conn.sendPing();
                } catch (WebsocketNotConnectedException e) {
                    // closed since getConnections(): nothing to ping
                }
            }
        }
    }

    /**
     * Closes the sockets that have not completed their handshake within {@code lostAfterNanos} of
     * being accepted (a client that connects and sends nothing, or trickles its request): they are
     * in no connection list, so neither the connection limit nor the ping reaches them.
     */
    private void closeSlowHandshakes(long now, long lostAfterNanos) {
        for (Map.Entry<WebSocket, Long> entry : handshaking.entrySet()) {
            WebSocket conn = entry.getKey();
            if (conn.isOpen() || conn.isClosed()) {
                handshaking.remove(conn); // opened, or closed by the client
            } else if (now - entry.getValue() > lostAfterNanos) {
                handshaking.remove(conn);
                metrics.slowHandshakes.increment();
                LOG.warn("{}: closed {}: no complete handshake within {} ms of connecting", label(), remoteOf(conn),
                        TimeUnit.NANOSECONDS.toMillis(now - entry.getValue()));
                conn.closeConnection(CloseFrame.PROTOCOL_ERROR, "no complete handshake in time");
            }
        }
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
        if (conn == null) {
            startFailure = ex; // the server could not bind, or its selector failed
            started.countDown();
            return;
        }
        LOG.debug("{}: error on the connection from {}", label(), remoteOf(conn), ex);
    }

    /**
     * Closes the intake: from now on nothing more is put. Closes every connection (a close
     * handshake, then, after {@code closeTimeout}, the socket of any client that has not answered)
     * and ends the selector and decoder threads, waiting for them.
     */
    void shutdown(Duration closeTimeout) {
        closing = true;
        long millis = Math.max(1, Math.min(closeTimeout.toMillis(), Integer.MAX_VALUE));
        try {
            stop((int) millis, "from_websocket stopped");
            if (selector != null) {
                selector.join(millis);
                if (selector.isAlive()) {
                    selector.interrupt();
                    selector.join(JOIN_MILLIS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (WebSocket conn : getConnections()) {
            conn.closeConnection(CloseFrame.GOING_AWAY, "from_websocket stopped");
        }
        closeRefusedHandshakes();
        for (WebSocket conn : handshaking.keySet()) {
            conn.closeConnection(CloseFrame.GOING_AWAY, "from_websocket stopped");
        }
        handshaking.clear();
        for (Thread decoder : decoders) {
            decoder.interrupt();
            try {
                decoder.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The source and the address it listens on, for log lines. */
    private String label() {
        return source + " on " + getAddress().getHostString() + ":" + getPort();
    }

    /** The address of the other end, for log lines. */
    static String remoteOf(WebSocket conn) {
        if (conn.getAttachment() instanceof Peer peer) {
            return peer.remote;
        }
        try {
            InetSocketAddress address = conn.getRemoteSocketAddress();
            return address == null ? "an unknown peer" : address.getAddress().getHostAddress() + ":" + address.getPort();
        } catch (RuntimeException e) {
            return "an unknown peer"; // its socket is gone already
        }
    }
}
