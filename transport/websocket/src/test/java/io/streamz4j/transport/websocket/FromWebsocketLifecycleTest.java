package io.streamz4j.transport.websocket;

import io.streamz4j.Await;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** fromWebsocket's start and stop: the bound port, every connection closed, every thread ended. */
class FromWebsocketLifecycleTest {

    @Test
    void stopClosesEveryConnectionWithGoingAwayAndEndsEveryThread() throws Exception {
        FromWebsocket source = WebSockets.fromWebsocket("127.0.0.1", 0);
        source.named("wsstop");
        List<Object> received = Collections.synchronizedList(new ArrayList<>());
        source.sink(received::add);
        source.start();
        assertNotEquals(0, source.port(), "port 0 binds a free port, known after start");
        List<RawClient> clients = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            RawClient client = new RawClient(source.port());
            clients.add(client);
            for (int i = 0; i < 50; i++) {
                client.sendBinary((c + ":" + i).getBytes(StandardCharsets.US_ASCII));
            }
        }
        Await.until(() -> source.metrics().messages() == 150, source::metrics);
        assertTrue(Await.liveThreads("streamz4j-wsstop-websocket").size() >= 4,
                "selector, decoder, lost-check and consumer: " + Await.liveThreads("streamz4j-wsstop"));

        source.stop();

        assertEquals(Set.of(), Await.liveThreads("streamz4j-wsstop-websocket"));
        assertEquals(150, received.size(), "everything accepted was emitted");
        for (RawClient client : clients) {
            assertEquals(1001, client.closeCode(), "each client is told the server is going away");
            client.close();
        }
        assertEquals(0, source.metrics().openConnections());
    }

    @Test
    void aSourceStartsAgainAfterAStop() throws Exception {
        FromWebsocket source = WebSockets.fromWebsocket("127.0.0.1", 0);
        List<Object> received = Collections.synchronizedList(new ArrayList<>());
        source.sink(received::add);
        for (int round = 0; round < 2; round++) {
            source.start();
            try (RawClient client = new RawClient(source.port())) {
                client.sendBinary(new byte[] {(byte) round});
                int expected = round + 1;
                Await.until(() -> received.size() == expected, received::size);
            }
            source.stop();
        }
        assertEquals(2, source.metrics().messages());
    }

    @Test
    void aPortInUseFailsTheStartAndLeavesNothingRunning() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            FromWebsocket source = WebSockets.fromWebsocket("127.0.0.1", taken.getLocalPort());
            source.named("wsbusy");
            IllegalStateException e = assertThrows(IllegalStateException.class, source::start);
            assertTrue(e.getMessage().contains("from_websocket") && e.getMessage().contains("cannot listen"),
                    e.getMessage());
            assertEquals(Set.of(), Await.liveThreads("streamz4j-wsbusy"));
            source.stop();
        }
    }
}
