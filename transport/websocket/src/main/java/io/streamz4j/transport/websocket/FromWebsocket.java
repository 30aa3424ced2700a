package io.streamz4j.transport.websocket;

import io.streamz4j.Arguments;
import io.streamz4j.runtime.Threads;
import io.streamz4j.sources.QueueFedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * streamz's {@code from_websocket(host, port, serve_kwargs)}: a WebSocket server on
 * {@code host:port} that emits every message any client sends: a binary message as {@code byte[]},
 * a text message as {@code String} (streamz's {@code ws.recv()} gives {@code bytes} or {@code str}).
 * Each connection's messages come out in the order it sent them. Built on Java-WebSocket's server
 * ({@link WebsocketServerEndpoint}); the knobs are {@link FromWebsocketOptions}.
 *
 * <p>Bounded: received messages wait in a queue of {@link FromWebsocketOptions#queueCapacity}; while
 * it is full the server stops reading the sockets (TCP back pressure reaches the clients) instead of
 * buffering. A message over {@link FromWebsocketOptions#maxMessageSize} closes its connection with
 * 1009, a malformed frame or handshake with 1002 (1007 for invalid UTF-8 text), a connection over
 * {@link FromWebsocketOptions#maxConnections} is closed with 1013 as it opens, and a client that
 * answers no ping within the connection-lost timeout, or does not complete its handshake within it,
 * is dropped; each with one log line naming the
 * source, the client's address and the reason, and a counter in {@link #metrics()}. Port 0 binds
 * a free port, which {@link #port()} gives after {@link #start()}.
 *
 * <p>Thread safety: {@link #start()} and {@link #stop()} from any thread (see {@link QueueFedSource}).
 * A start binds, or throws if it cannot; then the server's threads, all named
 * {@code streamz4j-<name>-websocket-...} (selector, decoders, lost-check), fill the queue, and the
 * consumer thread {@code streamz4j-<name>-websocket} runs this source and every node below. A stop
 * closes the intake (messages decoded from then on are dropped and counted), closes every
 * connection with 1001 (going away), ends every thread it started and waits for them, then emits
 * what the queue had accepted: nothing accepted is lost. Holds the queued messages.
 */
public final class FromWebsocket extends QueueFedSource<Object, Object> {
    static final String KIND = "from_websocket";
    private static final Logger LOG = LoggerFactory.getLogger(FromWebsocket.class);

    private final String host;
    private final int port;
    private final FromWebsocketOptions options;
    private final ArrayBlockingQueue<Object> queue;
    private final AtomicInteger open = new AtomicInteger();
    private final FromWebsocketMetrics metrics;
    /** The current start's server and check; written by start and stop, which the base class serialises. */
    private WebsocketServerEndpoint server;
    private ConnectionLostCheck lostCheck;
    private volatile int boundPort;

    /** A source serving on {@code host:port} (0: a free port) with {@link FromWebsocketOptions#defaults()}. */
    public FromWebsocket(String host, int port) {
        this(host, port, FromWebsocketOptions.defaults());
    }

    public FromWebsocket(String host, int port, FromWebsocketOptions options) {
        this(host, port, options, new ArrayBlockingQueue<>(checked(host, port, options).queueCapacity()));
    }

    private FromWebsocket(String host, int port, FromWebsocketOptions options, ArrayBlockingQueue<Object> queue) {
        super(null, queue, "websocket");
        this.host = host;
        this.port = port;
        this.boundPort = port;
        this.options = options;
        this.queue = queue;
        this.metrics = new FromWebsocketMetrics(queue::size, open::get);
    }

    /** Rejects bad arguments before anything is built; returns the options. */
    private static FromWebsocketOptions checked(String host, int port, FromWebsocketOptions options) {
        Arguments.requireNonNull(host, KIND, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException(KIND + ": parameter 'host' must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(KIND + ": parameter 'port' must be within 0..65535, got " + port);
        }
        if (new InetSocketAddress(host, port).isUnresolved()) {
            throw new IllegalArgumentException(KIND + ": parameter 'host' does not resolve: " + host);
        }
        return Arguments.requireNonNull(options, KIND, "options");
    }

    /** Binds and starts the server; throws if it cannot bind. */
    @Override
    protected void startIntake() {
        String prefix = "streamz4j-" + pipelineName() + "-websocket";
        String label = name() != null ? KIND + " '" + name() + "'" : KIND;
        Threads threads = pipelineThreads();
        WebsocketServerEndpoint started = new WebsocketServerEndpoint(new InetSocketAddress(host, port), options,
                queue, metrics, open, prefix, label);
        started.start(threads);
        server = started;
        boundPort = started.getPort();
        if (!options.connectionLostTimeout().isZero()) {
            lostCheck = new ConnectionLostCheck(started, options.connectionLostTimeout(), threads,
                    prefix + "-lost-check");
        }
        LOG.info("{}: listening on {}:{} ({})", label, host, boundPort, options);
    }

    /** Closes every connection and ends the server's threads; what the queue holds is drained after. */
    @Override
    protected void stopIntake() {
        if (lostCheck != null) {
            lostCheck.close();
            lostCheck = null;
        }
        if (server != null) {
            server.shutdown(options.closeTimeout());
            server = null;
        }
    }

    @Override
    protected boolean drainsOnStop() {
        return true;
    }

    @Override
    protected void deliver(Object message) {
        emit(message);
    }

    /** The port the server listens on: after {@link #start()} the bound one (also for port 0), before it the one asked for. */
    public int port() {
        return boundPort;
    }

    /** What this source counted: messages, bytes, connections, refusals by reason. */
    public FromWebsocketMetrics metrics() {
        return metrics;
    }

    @Override
    protected String kind() {
        return KIND;
    }
}
