package io.streamz4j.transport.tcp;

import io.streamz4j.Arguments;
import io.streamz4j.sources.QueueFedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * streamz's {@code from_tcp}: a TCP server whose clients' byte streams are cut at a delimiter;
 * each part, the delimiter kept at its end as streamz keeps it, is emitted as a {@code byte[]}.
 * Unlike streamz, the source is bounded: messages wait in a queue of
 * {@link TcpOptions#queueCapacity()} messages, and when it is full the connections stop reading,
 * so TCP's flow control stalls the senders instead of memory growing. A client whose message runs
 * past {@code maxMessageSize} bytes without a delimiter, one connecting when
 * {@link TcpOptions#maxConnections()} are served, and one silent past
 * {@link TcpOptions#idleTimeout()} are disconnected, each with one log line and a count in
 * {@link #metrics()}. By default the server listens on the loopback address only.
 *
 * <p>Thread safety: {@link #start()} and {@link #stop()} from any thread. A start binds the port
 * (on the starting thread; a port in use fails the start) and starts the thread
 * {@code streamz4j-<name>-tcp-accept}, one thread {@code streamz4j-<name>-tcp-conn-<remote port>}
 * per client, and the consumer thread {@code streamz4j-<name>-tcp} that emits the messages and
 * runs every node below (see {@link QueueFedSource}). {@link #stop()} closes the server socket and
 * every connection, ends each of those threads, then emits what the queue holds before returning:
 * a message put into the queue is never lost. Retains the queue, and per client its socket and
 * the bytes of the message being received.
 */
public final class FromTcp extends QueueFedSource<byte[], byte[]> {
    static final String KIND = "from_tcp";
    /** streamz's default delimiter. */
    static final byte[] DEFAULT_DELIMITER = "\n".getBytes(StandardCharsets.US_ASCII);
    /** The largest message (before its delimiter) when none is given. */
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(FromTcp.class);
    private static final long JOIN_MILLIS = 10_000;
    /** How long the accept loop pauses after an unexpected accept failure, so a persistent one (out of file descriptors) does not spin. */
    private static final long ACCEPT_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final int requestedPort;
    private final byte[] delimiter;
    private final int maxMessageSize;
    private final TcpOptions options;
    private final BlockingQueue<byte[]> queue;
    private final TcpMetrics metrics = new TcpMetrics();
    private final Set<TcpConnection> connections = ConcurrentHashMap.newKeySet();
    /** The listening socket of the current start; null while stopped. Written by start and stop. */
    private volatile ServerSocket server;
    private volatile Thread acceptor;
    private volatile int boundPort = -1;

    /** Listens on {@code port} for messages ending with a newline (streamz's default). */
    public FromTcp(int port) {
        this(port, DEFAULT_DELIMITER);
    }

    /** Listens on {@code port} for messages ending with {@code delimiter}. */
    public FromTcp(int port, byte[] delimiter) {
        this(port, delimiter, DEFAULT_MAX_MESSAGE_SIZE);
    }

    /** Listens on {@code port} for messages of at most {@code maxMessageSize} bytes before {@code delimiter}. */
    public FromTcp(int port, byte[] delimiter, int maxMessageSize) {
        this(port, delimiter, maxMessageSize, TcpOptions.defaults());
    }

    /**
     * Listens on {@code port} (0: a free port, see {@link #port()}) for messages of at most
     * {@code maxMessageSize} bytes before {@code delimiter}, with {@code options}.
     *
     * @throws IllegalArgumentException naming from_tcp and the parameter, for a port outside
     *                                  0..65535, a null or empty delimiter, a size not above 0
     */
    public FromTcp(int port, byte[] delimiter, int maxMessageSize, TcpOptions options) {
        this(checked(port, delimiter, maxMessageSize, options), port, delimiter, maxMessageSize, options);
    }

    private FromTcp(BlockingQueue<byte[]> queue, int port, byte[] delimiter, int maxMessageSize, TcpOptions options) {
        super(null, queue, "tcp");
        this.queue = queue;
        this.requestedPort = port;
        this.delimiter = delimiter.clone();
        this.maxMessageSize = maxMessageSize;
        this.options = options;
    }

    /** Validates the arguments, then makes the queue (a constructor's first statement can do only one thing). */
    private static BlockingQueue<byte[]> checked(int port, byte[] delimiter, int maxMessageSize, TcpOptions options) {
        require(port >= 0 && port <= 65_535, "port", "must be in 0..65535, was " + port);
        require(delimiter != null && delimiter.length > 0, "delimiter", "must not be null or empty");
        require(maxMessageSize > 0, "maxMessageSize", "must be > 0, was " + maxMessageSize);
        require(maxMessageSize <= Integer.MAX_VALUE - 16 - delimiter.length, "maxMessageSize",
                "must leave room for the delimiter in an array, was " + maxMessageSize);
        require(options != null, "options", "must not be null");
        return new ArrayBlockingQueue<>(options.queueCapacity());
    }

    static void require(boolean ok, String parameter, String problem) {
        Arguments.require(ok, KIND, parameter, problem);
    }

    /** The port the server listens on: the bound one while started (also when 0 was asked for), the last bound one after a stop, -1 before the first start. */
    public int port() {
        return boundPort;
    }

    /** The counters: messages accepted, clients disconnected by reason, connections. */
    public TcpMetrics metrics() {
        return metrics;
    }

    /** Messages waiting in the queue now (at most {@link TcpOptions#queueCapacity()}). */
    public int queued() {
        return queue.size();
    }

    public TcpOptions options() {
        return options;
    }

    @Override
    protected void startIntake() {
        ServerSocket listening;
        try {
            listening = new ServerSocket();
            listening.setReuseAddress(true);
            if (options.receiveBufferSize() > 0) {
                listening.setReceiveBufferSize(options.receiveBufferSize()); // before bind: accepted sockets inherit it
            }
            listening.bind(new InetSocketAddress(options.bindAddress(), requestedPort));
        } catch (IOException e) {
            throw new UncheckedIOException(KIND + ": cannot listen on " + options.bindAddress().getHostAddress()
                    + ":" + requestedPort + ": " + e.getMessage(), e);
        }
        server = listening;
        boundPort = listening.getLocalPort();
        String name = threadPrefix() + "-accept";
        Thread thread = pipelineThreads().newThread(name, () -> acceptLoop(listening));
        acceptor = thread;
        thread.start();
        LOG.info("{}: listening on {}", sourceLabel(), listening.getLocalSocketAddress());
    }

    private String threadPrefix() {
        return "streamz4j-" + pipelineName() + "-tcp";
    }

    private String sourceLabel() {
        return KIND + " " + pipelineName();
    }

    /** The accept thread's work: serves each client on its own thread, up to the connection limit. */
    private void acceptLoop(ServerSocket listening) {
        while (true) {
            Socket socket;
            try {
                socket = listening.accept();
            } catch (IOException e) {
                if (listening.isClosed()) {
                    return; // stopped
                }
                LOG.warn("{}: accepting a connection failed: {}", sourceLabel(), e.toString());
                LockSupport.parkNanos(ACCEPT_RETRY_NANOS);
                continue;
            }
            serve(socket);
        }
    }

    private void serve(Socket socket) {
        if (!metrics.tryOpen(options.maxConnections())) {
            metrics.countRefused(TcpRefusal.CONNECTION_LIMIT);
            LOG.warn("{}: disconnected {}: {} ({} connections open)", sourceLabel(),
                    socket.getRemoteSocketAddress(), TcpRefusal.CONNECTION_LIMIT.description(),
                    options.maxConnections());
            closeQuietly(socket);
            return;
        }
        TcpConnection connection = new TcpConnection(sourceLabel(), socket, delimiter, maxMessageSize,
                (int) options.idleTimeout().toMillis(), queue, metrics, connections::remove);
        connections.add(connection);
        connection.start(pipelineThreads().newThread(threadPrefix() + "-conn-" + socket.getPort(), connection));
    }

    /** Closes the server socket, then every connection, and waits for their threads: after it returns nothing more is put. */
    @Override
    protected void stopIntake() {
        ServerSocket listening = server;
        server = null;
        if (listening != null) {
            closeQuietly(listening);
        }
        Thread accepting = acceptor;
        acceptor = null;
        join(accepting); // after it, no connection is added
        List<TcpConnection> open = List.copyOf(connections);
        open.forEach(TcpConnection::close);
        for (TcpConnection connection : open) {
            join(connection.thread());
        }
    }

    private void join(Thread thread) {
        if (thread == null) {
            return;
        }
        try {
            thread.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (thread.isAlive()) {
            LOG.warn("{}: {} still runs {} ms after stop()", sourceLabel(), thread.getName(), JOIN_MILLIS);
        }
    }

    private void closeQuietly(java.io.Closeable closeable) {
        try {
            closeable.close();
        } catch (IOException e) {
            LOG.debug("{}: closing {}: {}", sourceLabel(), closeable, e.toString());
        }
    }

    @Override
    protected void deliver(byte[] message) {
        emit(message);
    }

    @Override
    protected boolean drainsOnStop() {
        return true;
    }

    @Override
    protected String kind() {
        return KIND;
    }

    @Override
    protected String parameter() {
        return String.valueOf(requestedPort);
    }
}
