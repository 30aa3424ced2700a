package io.streamz4j.transport.websocket;

import io.streamz4j.Await;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What fromWebsocket refuses, each case from a hand-written client on a plain socket so the exact
 * close can be seen: oversized messages (whole or fragmented), malformed frames, connections over
 * the limit, clients that answer no ping. Each is counted, and the other clients go on.
 */
class FromWebsocketRefusalTest {
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private final List<Object> received = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void tearDown() throws Exception {
        Collections.reverse(cleanup);
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    private FromWebsocket started(FromWebsocketOptions options) {
        FromWebsocket source = WebSockets.fromWebsocket("127.0.0.1", 0, options);
        source.sink(received::add);
        source.start();
        cleanup.add(source::stop);
        return source;
    }

    private RawClient client(FromWebsocket source) throws Exception {
        RawClient client = new RawClient(source.port());
        cleanup.add(client);
        return client;
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) 'x');
        return b;
    }

    @Test
    void aMessageOverTheLimitClosesThatClientWith1009AndOthersGoOn() throws Exception {
        FromWebsocket source = started(FromWebsocketOptions.defaults().maxMessageSize(1000));
        RawClient good = client(source);
        RawClient big = client(source);
        good.sendBinary(bytes(1000));
        big.sendBinary(bytes(1001));
        assertEquals(1009, big.closeCode());
        good.sendBinary("after".getBytes(StandardCharsets.US_ASCII));
        Await.until(() -> received.size() == 2, received::size);
        assertEquals(1000, ((byte[]) received.get(0)).length, "a message at the limit is accepted");
        assertEquals("after", new String((byte[]) received.get(1), StandardCharsets.US_ASCII));
        assertEquals(1, source.metrics().refusedOversized());
        Await.until(() -> source.metrics().openConnections() == 1, source::metrics);
    }

    @Test
    void fragmentsOfOneMessageCountTogetherAgainstTheLimit() throws Exception {
        FromWebsocket source = started(FromWebsocketOptions.defaults().maxMessageSize(1000));
        RawClient fragmented = client(source);
        fragmented.sendFrame(false, 0, RawClient.TEXT, bytes(400), true);
        fragmented.sendFrame(false, 0, RawClient.CONTINUATION, bytes(400), true);
        fragmented.sendFrame(true, 0, RawClient.CONTINUATION, bytes(400), true);
        assertEquals(1009, fragmented.closeCode());
        assertEquals(1, source.metrics().refusedOversized());

        RawClient within = client(source);
        within.sendFrame(false, 0, RawClient.BINARY, bytes(500), true);
        within.sendFrame(true, 0, RawClient.CONTINUATION, bytes(500), true);
        Await.until(() -> received.size() == 1, received::size);
        assertEquals(1000, ((byte[]) received.get(0)).length, "fragments within the limit make one message");
        Await.until(() -> source.metrics().messages() == 1, source::metrics);
    }

    @Test
    void malformedFramesCloseWithAProtocolErrorAndAreCounted() throws Exception {
        FromWebsocket source = started(FromWebsocketOptions.defaults());
        RawClient good = client(source);

        RawClient reservedBits = client(source);
        reservedBits.sendFrame(true, 0b100, RawClient.BINARY, bytes(10), true);
        assertEquals(1002, reservedBits.closeCode());

        RawClient reservedOpcode = client(source);
        reservedOpcode.sendFrame(true, 0, 0x3, bytes(10), true);
        assertEquals(1002, reservedOpcode.closeCode());

        RawClient orphanContinuation = client(source);
        orphanContinuation.sendFrame(true, 0, RawClient.CONTINUATION, bytes(10), true);
        assertEquals(1002, orphanContinuation.closeCode());

        RawClient badUtf8 = client(source);
        badUtf8.sendFrame(true, 0, RawClient.TEXT, new byte[] {(byte) 0xC3, (byte) 0x28}, true);
        assertEquals(1007, badUtf8.closeCode());

        RawClient unmasked = client(source);
        unmasked.sendFrame(true, 0, RawClient.BINARY, bytes(10), false);
        assertEquals(1002, unmasked.closeCode());

        RawClient unmaskedAfterGoodOnes = client(source); // the header walk follows frames across reads
        unmaskedAfterGoodOnes.sendFrame(true, 0, RawClient.BINARY, bytes(70_000), true);
        unmaskedAfterGoodOnes.sendFrame(true, 0, RawClient.BINARY, bytes(300), true);
        unmaskedAfterGoodOnes.sendFrame(true, 0, RawClient.TEXT, "x".getBytes(StandardCharsets.US_ASCII), false);
        assertEquals(1002, unmaskedAfterGoodOnes.closeCode());

        assertEquals(6, source.metrics().refusedMalformed());
        good.sendBinary("still here".getBytes(StandardCharsets.US_ASCII));
        Await.until(() -> received.size() == 3, received::size);
        assertEquals(70_000, ((byte[]) received.get(0)).length, "masked frames before the unmasked one were accepted");
        assertEquals(300, ((byte[]) received.get(1)).length);
        assertEquals("still here", new String((byte[]) received.get(2), StandardCharsets.US_ASCII));
        assertEquals(0, source.metrics().refusedOversized());
    }

    @Test
    void aMalformedHandshakeIsRefusedCountedAndItsSocketClosed() throws Exception {
        FromWebsocket source = started(FromWebsocketOptions.defaults().connectionLostTimeout(Duration.ofMillis(50)));
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", source.port())) {
            socket.setSoTimeout((int) Await.TIMEOUT.toMillis());
            socket.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII)); // no Upgrade: websocket
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(answer.startsWith("HTTP/1.1 404"), answer); // then the end of the stream: closed
        }
        Await.until(() -> source.metrics().refusedMalformed() == 1, source::metrics);
        assertEquals(0, source.metrics().connections());
    }

    @Test
    void aClientThatDoesNotCompleteItsHandshakeIsDisconnected() throws Exception {
        FromWebsocket source = started(FromWebsocketOptions.defaults().connectionLostTimeout(Duration.ofMillis(100)));
        try (java.net.Socket silent = new java.net.Socket("127.0.0.1", source.port());
                java.net.Socket trickling = new java.net.Socket("127.0.0.1", source.port())) {
            silent.setSoTimeout((int) Await.TIMEOUT.toMillis());
            trickling.setSoTimeout((int) Await.TIMEOUT.toMillis());
            trickling.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(-1, silent.getInputStream().read(), "a client that sends nothing is dropped");
            assertEquals(-1, trickling.getInputStream().read(), "a client that never ends its request is dropped");
        }
        assertEquals(2, source.metrics().refusedSlowHandshakes());
        try (RawClient prompt = client(source)) {
            prompt.sendBinary(new byte[] {7});
            Await.until(() -> received.size() == 1, received::size);
        }
    }

    @Test
    void connectionsOverTheLimitAreRefusedWith1013() throws Exception {
        FromWebsocket source = started(FromWebsocketOptions.defaults().maxConnections(2));
        RawClient first = client(source);
        RawClient second = client(source);
        Await.until(() -> source.metrics().openConnections() == 2, source::metrics);
        RawClient third = client(source);
        assertEquals(1013, third.closeCode());
        assertEquals(1, source.metrics().refusedConnectionLimit());
        assertEquals(2, source.metrics().openConnections());

        first.close();
        Await.until(() -> source.metrics().openConnections() == 1, source::metrics);
        RawClient fourth = client(source);
        fourth.sendBinary("admitted".getBytes(StandardCharsets.US_ASCII));
        second.sendBinary("second".getBytes(StandardCharsets.US_ASCII));
        Await.until(() -> received.size() == 2, received::size);
        assertEquals(1, source.metrics().refusedConnectionLimit(), "a freed place admits the next client");
        assertEquals(3, source.metrics().connections());
    }

    @Test
    void aClientThatAnswersNoPingIsClosedAsLostWhileALiveOneStays() throws Exception {
        FromWebsocket source = started(FromWebsocketOptions.defaults().connectionLostTimeout(Duration.ofMillis(400)));
        io.streamz4j.Stream<Object> upstream = new io.streamz4j.Stream<>();
        ToWebsocket live = WebSockets.toWebsocket(upstream, "ws://127.0.0.1:" + source.port());
        cleanup.add(live::destroy);
        upstream.emit("hello"); // opens the live client, whose library answers every ping
        RawClient dead = client(source); // completes the handshake, then never reads or answers
        Await.until(() -> source.metrics().lostConnections() == 1, source::metrics);
        assertEquals(RawClient.NO_CLOSE_FRAME, dead.closeCode(), "a lost client's socket is dropped");
        upstream.emit("still open");
        Await.until(() -> received.size() == 2, received::toString);
        assertEquals(List.of("hello", "still open"), received);
        assertEquals(1, source.metrics().openConnections());
        assertEquals(1, source.metrics().lostConnections());
    }
}
