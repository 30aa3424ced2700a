package io.streamz4j.transport.websocket;

import io.streamz4j.Arguments;
import io.streamz4j.Metadata;
import io.streamz4j.Sink;
import io.streamz4j.Stream;
import org.java_websocket.exceptions.WebsocketNotConnectedException;
import org.java_websocket.framing.CloseFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * streamz's {@code to_websocket(uri, ws_kwargs)}: sends every element to a WebSocket server, a
 * {@code byte[]} as a binary message and a {@code String} as a text message (streamz's
 * {@code ws.send(x)}); anything else goes through {@link ToWebsocketOptions#converter}, or fails.
 * As in streamz the connection opens on the first element and stays open; once it has closed,
 * every later element fails. An element that fails (cannot connect, closed, a type that cannot be
 * sent) goes to the pipeline's error handler with an exception naming the sink and the URI, and
 * reaches the caller of {@code emit}. Built on Java-WebSocket's client ({@link SinkClient}); only
 * {@code ws://} URIs.
 *
 * <p>Bounded: at most {@link ToWebsocketOptions#maxFramesInFlight} sent messages wait unwritten in
 * the client's outgoing queue; the emitting thread then waits for the socket to take one, so a
 * peer that reads slowly slows the pipeline instead of filling memory. Each element's metadata
 * references are retained until its frame has been written to the socket; an element whose frame
 * was still unwritten when the connection closed keeps them (it was not delivered) and is reported
 * to the error handler.
 *
 * <p>Thread safety: {@link #update} runs on the thread that emits into its upstream, which sends.
 * The connection runs on the reader thread {@code streamz4j-<name>-to-websocket-reader} (made by the
 * pipeline's threads) and the library's writer thread, renamed {@code streamz4j-<name>-to-websocket-writer}.
 * {@link #destroy()} (from any thread, also through the pipeline's {@code close()}) closes the
 * connection, waits for the close handshake up to {@link ToWebsocketOptions#closeTimeout}, then
 * drops it, and waits for both threads. Holds the pending messages.
 */
public final class ToWebsocket extends Sink<Object> {
    static final String KIND = "to_websocket";
    private static final Logger LOG = LoggerFactory.getLogger(ToWebsocket.class);
    private static final long JOIN_MILLIS = 10_000;

    private final URI uri;
    private final ToWebsocketOptions options;
    private final ToWebsocketMetrics metrics = new ToWebsocketMetrics();
    private final HandOff handOff;
    /** The connection, once the first element opened it; written by the emitting thread, read by destroy. */
    private volatile SinkClient client;
    private volatile Thread reader;

    public ToWebsocket(Stream<?> upstream, String uri) {
        this(upstream, uri, ToWebsocketOptions.defaults());
    }

    public ToWebsocket(Stream<?> upstream, String uri, ToWebsocketOptions options) {
        this(checked(upstream, uri, options), options);
    }

    private ToWebsocket(Checked checked, ToWebsocketOptions options) {
        super(null, checked.upstream);
        this.uri = checked.uri;
        this.options = options;
        this.handOff = new HandOff(options.maxFramesInFlight(), metrics);
    }

    private record Checked(Stream<?> upstream, URI uri) {
    }

    /** Rejects bad arguments before the base constructor connects the node to {@code upstream}. */
    private static Checked checked(Stream<?> upstream, String uri, ToWebsocketOptions options) {
        Arguments.requireNonNull(upstream, KIND, "upstream");
        Arguments.requireNonNull(uri, KIND, "uri");
        Arguments.requireNonNull(options, KIND, "options");
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(KIND + ": parameter 'uri' is not a URI: " + e.getMessage(), e);
        }
        if (!"ws".equalsIgnoreCase(parsed.getScheme())) {
            throw new IllegalArgumentException(KIND + ": parameter 'uri' must be a ws:// URI, got " + uri);
        }
        if (parsed.getHost() == null) {
            throw new IllegalArgumentException(KIND + ": parameter 'uri' has no host: " + uri);
        }
        if (parsed.getPort() < -1 || parsed.getPort() == 0 || parsed.getPort() > 65_535) {
            throw new IllegalArgumentException(KIND + ": parameter 'uri' has a bad port: " + uri);
        }
        return new Checked(upstream, parsed);
    }

    @Override
    public void update(Object x, Stream<?> who, List<Map<String, Object>> metadata) {
        try {
            send(x, metadata);
        } catch (RuntimeException | Error e) {
            metrics.failed.increment();
            reportFailure(x, e);
            throw e;
        }
    }

    @Override
    protected void accept(Object x) {
        send(x, Metadata.NONE);
    }

    private void send(Object x, List<Map<String, Object>> metadata) {
        Object payload = payloadOf(x);
        SinkClient connection = connected();
        awaitRoom(connection);
        int bytes = payload instanceof byte[] data ? data.length : Utf8.length((String) payload);
        handOff.sending(new HandOff.Pending(x, Metadata.of(metadata), bytes));
        try {
            if (payload instanceof byte[] data) {
                connection.send(data);
            } else {
                connection.send((String) payload);
            }
        } catch (WebsocketNotConnectedException e) {
            handOff.notSent();
            throw closed(connection);
        }
        if (connection.isClosed()) {
            // closed while the frame was queued: the close's own abandon may have come before the frame
            // was pending (a connection that is only closing still writes what was queued before)
            List<HandOff.Pending> unwritten = handOff.abandon();
            if (!unwritten.isEmpty()) {
                abandoned(unwritten);
            }
        }
    }

    /** {@code x} as a {@code byte[]} or {@code String}, through the converter where it is neither. */
    private Object payloadOf(Object x) {
        if (x instanceof byte[] || x instanceof String) {
            return x;
        }
        if (options.converter() != null) {
            Object converted = options.converter().apply(x);
            if (converted instanceof byte[] || converted instanceof String) {
                return converted;
            }
            throw new IllegalArgumentException(this + " to " + uri + ": the converter turned a "
                    + typeOf(x) + " into a " + typeOf(converted) + "; it must return byte[] or String");
        }
        throw new IllegalArgumentException(this + " to " + uri + ": cannot send a " + typeOf(x)
                + ": send byte[] (binary) or String (text), or set a converter");
    }

    private static String typeOf(Object x) {
        return x == null ? "null" : x.getClass().getName();
    }

    /** The open connection: opened by the first element (a failed open is tried again by the next one). */
    private SinkClient connected() {
        SinkClient connection = client;
        if (connection != null) {
            if (!connection.isOpen()) {
                throw closed(connection);
            }
            return connection;
        }
        String prefix = "streamz4j-" + pipelineName() + "-to-websocket";
        connection = new SinkClient(uri, handOff, options, prefix + "-writer", this::abandoned);
        Thread thread = pipelineThreads().newThread(prefix + "-reader", connection);
        thread.start();
        boolean open;
        try {
            open = connection.awaitOpen(options.connectTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            open = false;
        }
        if (!open) {
            String why = connection.closeReason();
            closeAndJoin(connection, thread);
            throw new IllegalStateException(this + ": cannot connect to " + uri + ": " + why);
        }
        reader = thread;
        client = connection;
        LOG.info("{}: connected to {}", this, uri);
        return connection;
    }

    /** Waits while {@code maxFramesInFlight} messages are unwritten; a close gives the room back. */
    private void awaitRoom(SinkClient connection) {
        if (handOff.tryAcquire()) {
            return;
        }
        metrics.waits.increment();
        try {
            handOff.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(this + " to " + uri + ": interrupted while waiting for the socket", e);
        }
        if (!connection.isOpen()) {
            handOff.release();
            throw closed(connection);
        }
    }

    private IllegalStateException closed(SinkClient connection) {
        return new IllegalStateException(this + ": the connection to " + uri + " is closed: "
                + connection.closeReason());
    }

    /** On the thread that saw the close: the messages sent but never written fail. */
    private void abandoned(List<HandOff.Pending> unwritten) {
        LOG.warn("{}: the connection to {} closed with {} message(s) unwritten", this, uri, unwritten.size());
        for (HandOff.Pending message : unwritten) {
            IllegalStateException error = new IllegalStateException(this + ": the connection to " + uri
                    + " closed before this element was written");
            metrics.failed.increment();
            reportFailure(message.element, error);
            Metadata.failed(message.metadata, this, error);
        }
    }

    /** Closes the connection, then waits for its threads. */
    @Override
    protected void onDestroy() {
        SinkClient connection = client;
        if (connection != null) {
            closeAndJoin(connection, reader);
        }
    }

    private void closeAndJoin(SinkClient connection, Thread readerThread) {
        try {
            connection.close();
            if (!connection.awaitClosed(options.closeTimeout())) {
                connection.closeConnection(CloseFrame.ABNORMAL_CLOSE, KIND + " destroyed");
            }
            join(readerThread);
            join(connection.writer());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(Thread thread) throws InterruptedException {
        if (thread != null) {
            thread.join(JOIN_MILLIS);
        }
    }

    /** What this sink counted: messages and bytes written, waits, failures. */
    public ToWebsocketMetrics metrics() {
        return metrics;
    }

    /** Whether the connection is open: false before the first element opened it and once it has closed. */
    public boolean isConnected() {
        SinkClient connection = client;
        return connection != null && connection.isOpen();
    }

    /** The server this sink writes to. */
    public URI uri() {
        return uri;
    }

    @Override
    protected String kind() {
        return KIND;
    }
}
