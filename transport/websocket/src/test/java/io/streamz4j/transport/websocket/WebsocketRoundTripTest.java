package io.streamz4j.transport.websocket;

import io.streamz4j.Await;
import io.streamz4j.Metadata;
import io.streamz4j.RefCounter;
import io.streamz4j.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * toWebsocket into fromWebsocket over real sockets on 127.0.0.1: what arrives, its type, its order
 * per connection, and when the sink lets go of an element's references.
 */
class WebsocketRoundTripTest {
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        Collections.reverse(cleanup);
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    private FromWebsocket started(FromWebsocket source) {
        source.start();
        cleanup.add(source::stop);
        return source;
    }

    private ToWebsocket sinkTo(Stream<Object> upstream, FromWebsocket server) {
        ToWebsocket sink = WebSockets.toWebsocket(upstream, "ws://127.0.0.1:" + server.port());
        cleanup.add(sink::destroy);
        return sink;
    }

    /** Binary messages as byte[], text as String, as streamz's ws.recv() gives bytes or str. */
    private static String describe(Object x) {
        if (x instanceof byte[] bytes) {
            return "bytes:" + new String(bytes, StandardCharsets.ISO_8859_1);
        }
        return x.getClass().getSimpleName() + ":" + x;
    }

    /** Mirrors streamz's test_sinks.py::test_ws_roundtrip: four b'0123' through to_websocket arrive as sent. */
    @Test
    void bytesRoundTripAsInStreamz() {
        FromWebsocket source = started(WebSockets.fromWebsocket("127.0.0.1", 0));
        List<Object> received = Collections.synchronizedList(new ArrayList<>());
        source.sink(received::add);
        Stream<Object> s = new Stream<>();
        sinkTo(s, source);
        for (int i = 0; i < 4; i++) {
            s.emit("0123".getBytes(StandardCharsets.US_ASCII));
        }
        Await.until(() -> received.size() == 4, received::toString);
        for (Object x : received) {
            assertEquals("bytes:0123", describe(x));
        }
        assertEquals(4, source.metrics().messages());
        assertEquals(16, source.metrics().bytes());
    }

    @Test
    void binaryAndTextKeepTheirTypeAndOrder() {
        FromWebsocket source = started(WebSockets.fromWebsocket("127.0.0.1", 0));
        List<String> received = Collections.synchronizedList(new ArrayList<>());
        source.sink(x -> received.add(describe(x)));
        Stream<Object> s = new Stream<>();
        ToWebsocket sink = sinkTo(s, source);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            if (i % 3 == 0) {
                s.emit("text " + i + " é€");
                expected.add("String:text " + i + " é€");
            } else {
                s.emit(("bin " + i).getBytes(StandardCharsets.ISO_8859_1));
                expected.add("bytes:bin " + i);
            }
        }
        Await.until(() -> received.size() == expected.size(), received::size);
        assertEquals(expected, received);
        Await.until(() -> sink.metrics().sent() == 500, sink::metrics);
        assertEquals(source.metrics().bytes(), sink.metrics().bytes(), "UTF-8 bytes counted alike on both ends");
    }

    @Test
    void severalClientsEachKeepTheirOrder() throws Exception {
        FromWebsocket source = started(WebSockets.fromWebsocket("127.0.0.1", 0));
        List<String> received = Collections.synchronizedList(new ArrayList<>());
        source.sink(x -> received.add((String) x));
        int clients = 4;
        int each = 300;
        List<Thread> senders = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Stream<Object> s = new Stream<>();
            sinkTo(s, source);
            int client = c;
            Thread sender = new Thread(() -> {
                for (int i = 0; i < each; i++) {
                    s.emit(client + ":" + i);
                }
            });
            senders.add(sender);
            sender.start();
        }
        for (Thread sender : senders) {
            sender.join();
        }
        Await.until(() -> received.size() == clients * each, received::size);
        for (int c = 0; c < clients; c++) {
            String prefix = c + ":";
            List<String> ofClient = received.stream().filter(m -> m.startsWith(prefix)).toList();
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < each; i++) {
                sent.add(prefix + i);
            }
            assertEquals(sent, ofClient, "client " + c + "'s messages in its order, each once");
        }
        assertEquals(clients, source.metrics().connections());
    }

    @Test
    void elementReferencesAreReleasedOnceTheFrameIsWritten() {
        FromWebsocket source = started(WebSockets.fromWebsocket("127.0.0.1", 0));
        AtomicInteger arrived = new AtomicInteger();
        source.sink(x -> arrived.incrementAndGet());
        Stream<Object> s = new Stream<>();
        ToWebsocket sink = sinkTo(s, source);
        AtomicInteger done = new AtomicInteger();
        int n = 200;
        for (int i = 0; i < n; i++) {
            RefCounter ref = new RefCounter(1, done::incrementAndGet);
            s.emit(("m" + i).getBytes(StandardCharsets.US_ASCII), Metadata.withRef(ref));
            ref.release();
            // the sink retains the reference until its frame is written, so none is done before it is sent
            assertTrue(done.get() <= sink.metrics().sent(), "done " + done.get() + " > sent " + sink.metrics().sent());
        }
        Await.until(() -> done.get() == n, done::get);
        assertEquals(n, sink.metrics().sent());
        Await.until(() -> arrived.get() == n, arrived::get);
    }
}
