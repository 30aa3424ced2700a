package io.streamz4j.transport.websocket;

import io.streamz4j.Await;
import io.streamz4j.Metadata;
import io.streamz4j.RefCounter;
import io.streamz4j.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** toWebsocket: failures through the error handler, types, back pressure from a slow peer, destroy. */
class ToWebsocketTest {
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    /** What the pipeline's error handler saw: node kind, element, message. */
    private final List<List<Object>> failures = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void tearDown() throws Exception {
        Collections.reverse(cleanup);
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    private Stream<Object> upstream(String name) {
        Stream<Object> s = new Stream<>(name);
        s.onPipelineError((node, element, error) -> failures.add(List.of(node, element, error.getMessage())));
        return s;
    }

    private ToWebsocket sink(Stream<Object> upstream, String uri, ToWebsocketOptions options) {
        ToWebsocket sink = WebSockets.toWebsocket(upstream, uri, options);
        cleanup.add(sink::destroy);
        return sink;
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aServerThatIsNotThereFailsTheElementThroughTheErrorHandler() throws Exception {
        Stream<Object> s = upstream("wsnone");
        String uri = "ws://127.0.0.1:" + freePort();
        ToWebsocket sink = sink(s, uri, ToWebsocketOptions.defaults());
        byte[] element = {1, 2, 3};
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.emit(element));
        assertTrue(e.getMessage().contains("to_websocket") && e.getMessage().contains(uri), e.getMessage());
        assertEquals(1, failures.size());
        assertSame(sink, failures.get(0).get(0));
        assertSame(element, failures.get(0).get(1));
        assertEquals(Set.of(), Await.liveThreads("streamz4j-wsnone-to-websocket"));
        assertEquals(1, sink.metrics().failed());
    }

    @Test
    void onceTheServerClosedEveryLaterElementFails() {
        FromWebsocket server = WebSockets.fromWebsocket("127.0.0.1", 0);
        List<Object> received = Collections.synchronizedList(new ArrayList<>());
        server.sink(received::add);
        server.start();
        cleanup.add(server::stop);
        Stream<Object> s = upstream("wsclosed");
        ToWebsocket sink = sink(s, "ws://127.0.0.1:" + server.port(), ToWebsocketOptions.defaults());
        s.emit("before");
        Await.until(() -> received.size() == 1, received::size);
        server.stop();
        Await.until(() -> !sink.isConnected(), sink::metrics);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.emit("after"));
        assertTrue(e.getMessage().contains("closed") && e.getMessage().contains("1001"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> s.emit("later"), "it stays closed, as in streamz");
        assertEquals(List.of("after", "later"), failures.stream().map(f -> f.get(1)).toList());
    }

    @Test
    void anElementThatIsNeitherBytesNorTextFailsUnlessAConverterIsGiven() {
        FromWebsocket server = WebSockets.fromWebsocket("127.0.0.1", 0);
        List<Object> received = Collections.synchronizedList(new ArrayList<>());
        server.sink(received::add);
        server.start();
        cleanup.add(server::stop);
        String uri = "ws://127.0.0.1:" + server.port();
        Stream<Object> plain = upstream("wsplain");
        sink(plain, uri, ToWebsocketOptions.defaults());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> plain.emit(42));
        assertTrue(e.getMessage().contains("to_websocket") && e.getMessage().contains("java.lang.Integer"),
                e.getMessage());
        assertEquals(42, failures.get(0).get(1));

        Stream<Object> converted = upstream("wsconverted");
        sink(converted, uri, ToWebsocketOptions.defaults().converter(String::valueOf));
        converted.emit(42);
        Await.until(() -> received.size() == 1, received::size);
        assertEquals("42", received.get(0));
    }

    /** A server that completes the handshake and then reads nothing until told to. */
    private static final class SlowPeer extends Thread implements AutoCloseable {
        private final ServerSocket listener;
        private volatile boolean reading;
        private volatile Socket socket;

        SlowPeer() throws Exception {
            super("test-slow-peer");
            listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        }

        int port() {
            return listener.getLocalPort();
        }

        void startReading() {
            reading = true;
        }

        /** Drops the connection at once (a reset), with what the client sent still unread. */
        void abort() throws Exception {
            Socket s = socket;
            s.setSoLinger(true, 0);
            s.close();
        }

        @Override
        public void run() {
            try (Socket accepted = listener.accept()) {
                socket = accepted;
                InputStream in = accepted.getInputStream();
                String head = RawClient.readHead(in);
                String key = head.lines().filter(l -> l.toLowerCase().startsWith("sec-websocket-key:"))
                        .findFirst().orElseThrow().substring(18).trim();
                byte[] digest = MessageDigest.getInstance("SHA-1").digest(
                        (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII));
                OutputStream out = accepted.getOutputStream();
                out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + Base64.getEncoder().encodeToString(digest) + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                while (!reading) {
                    Thread.onSpinWait();
                    Thread.yield();
                }
                byte[] discard = new byte[1 << 16];
                while (in.read(discard) >= 0) {
                    // drain until the client closes
                }
            } catch (Exception e) {
                // the test closed the socket
            }
        }

        @Override
        public void close() throws Exception {
            reading = true;
            listener.close();
            Socket s = socket;
            if (s != null) {
                s.close();
            }
            join(Await.TIMEOUT.toMillis());
        }
    }

    /**
     * Waits until the emitter has been waiting for room while the sink wrote nothing, over many
     * polls in a row: the peer's and the kernel's buffers are full, so nothing the sink holds can
     * leave (a wait for room that the writer ends at once does not count).
     */
    private static void untilStalled(Thread emitter, ToWebsocket sink) {
        long[] last = {-1};
        int[] steady = {0};
        Await.until(() -> {
            long sent = sink.metrics().sent();
            boolean still = emitter.getState() == Thread.State.WAITING && sent == last[0];
            last[0] = sent;
            steady[0] = still ? steady[0] + 1 : 0;
            return steady[0] >= 50;
        }, () -> emitter.getState() + " " + sink.metrics());
    }

    @Test
    void aSlowPeerMakesTheEmitterWaitWithAtMostTheLimitUnwritten() throws Exception {
        SlowPeer peer = new SlowPeer();
        peer.start();
        int inFlight = 4;
        int messages = 400;
        Stream<Object> s = upstream("wsslow");
        ToWebsocket sink = sink(s, "ws://127.0.0.1:" + peer.port(),
                ToWebsocketOptions.defaults().maxFramesInFlight(inFlight));
        cleanup.add(peer);
        AtomicInteger emitted = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger overLimit = new AtomicInteger();
        Thread emitter = new Thread(() -> {
            for (int i = 0; i < messages; i++) {
                RefCounter ref = new RefCounter(1, done::incrementAndGet);
                s.emit(new byte[1 << 16], Metadata.withRef(ref));
                ref.release();
                overLimit.accumulateAndGet((int) (emitted.incrementAndGet() - sink.metrics().sent()) - inFlight,
                        Math::max);
            }
        }, "test-emitter");
        emitter.start();
        untilStalled(emitter, sink);
        assertTrue(sink.metrics().waits() > 0, sink.metrics()::toString);
        assertTrue(emitted.get() < messages, "the emitter waits for the peer");
        assertTrue(emitted.get() - sink.metrics().sent() <= inFlight,
                "at most " + inFlight + " unwritten: emitted " + emitted + ", " + sink.metrics());
        assertEquals(sink.metrics().sent(), done.get(), "references are held until the frame is written");

        peer.startReading();
        emitter.join(Await.TIMEOUT.toMillis());
        assertFalse(emitter.isAlive());
        Await.until(() -> done.get() == messages, done::get);
        assertEquals(messages, sink.metrics().sent());
        assertTrue(overLimit.get() <= 0, "unwritten beyond the limit: " + overLimit);
        assertEquals(List.of(), failures);
    }

    @Test
    void messagesUnwrittenWhenThePeerDropsTheConnectionFailAndKeepTheirReferences() throws Exception {
        SlowPeer peer = new SlowPeer();
        peer.start();
        Stream<Object> s = upstream("wsdropped");
        ToWebsocket sink = sink(s, "ws://127.0.0.1:" + peer.port(),
                ToWebsocketOptions.defaults().maxFramesInFlight(4));
        cleanup.add(peer);
        AtomicInteger attempted = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Thread emitter = new Thread(() -> {
            while (true) {
                attempted.incrementAndGet();
                RefCounter ref = new RefCounter(1, done::incrementAndGet);
                try {
                    s.emit(new byte[1 << 16], Metadata.withRef(ref));
                } catch (IllegalStateException e) {
                    return; // the connection is gone: every later element fails
                } finally {
                    ref.release();
                }
            }
        }, "test-emitter");
        emitter.start();
        untilStalled(emitter, sink);
        peer.abort();
        emitter.join(Await.TIMEOUT.toMillis());
        assertFalse(emitter.isAlive(), "the waiting emitter woke up and failed");

        // each element was either written or failed (the unwritten ones are reported by the thread that saw the close)
        Await.until(() -> attempted.get() == sink.metrics().sent() + failures.size(),
                () -> attempted + " attempted, " + sink.metrics() + ", failures " + failures);
        assertTrue(failures.stream().anyMatch(f -> ((String) f.get(2)).contains("closed before this element was written")),
                failures::toString);
        assertEquals(sink.metrics().sent(), done.get(), "an unwritten element keeps its references");
    }

    @Test
    void destroyClosesTheConnectionAndEndsItsThreads() {
        FromWebsocket server = WebSockets.fromWebsocket("127.0.0.1", 0);
        server.sink(x -> { });
        server.start();
        cleanup.add(server::stop);
        Stream<Object> s = upstream("wsdestroy");
        ToWebsocket sink = WebSockets.toWebsocket(s, "ws://127.0.0.1:" + server.port());
        s.emit("open it");
        Await.until(() -> server.metrics().openConnections() == 1, server::metrics);
        assertEquals(2, Await.liveThreads("streamz4j-wsdestroy-to-websocket").size(),
                "reader and writer: " + Await.liveThreads("streamz4j-wsdestroy"));
        sink.destroy();
        assertEquals(Set.of(), Await.liveThreads("streamz4j-wsdestroy-to-websocket"));
        assertFalse(sink.isConnected());
        Await.until(() -> server.metrics().openConnections() == 0, server::metrics);
    }
}
