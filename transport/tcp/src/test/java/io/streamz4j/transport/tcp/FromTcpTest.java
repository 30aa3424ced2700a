package io.streamz4j.transport.tcp;

import io.streamz4j.Await;
import io.streamz4j.Stream;
import io.streamz4j.plugin.PluginGroup;
import io.streamz4j.plugin.PluginRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link FromTcp} against real sockets on the loopback address. */
class FromTcpTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final List<FromTcp> sources = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        sources.forEach(FromTcp::stop);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    /** A source with a name of its own, so its threads can be found; not started. */
    private FromTcp source(byte[] delimiter, int max, TcpOptions options) {
        FromTcp source = Tcp.fromTcp(0, delimiter, max, options);
        source.named("tcptest" + NAMES.incrementAndGet());
        sources.add(source);
        return source;
    }

    private static String prefix(FromTcp source) {
        return "streamz4j-" + source.name() + "-tcp";
    }

    private Socket client(FromTcp source) throws IOException {
        Socket socket = new Socket(LOOPBACK, source.port());
        socket.setSoTimeout((int) Await.TIMEOUT.toMillis());
        toClose.add(socket);
        return socket;
    }

    private static void send(Socket socket, String data) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(ascii(data));
        out.flush();
    }

    /** Fails unless the server closed {@code socket}: a read ends with end of stream or a reset. */
    private static void assertDisconnected(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            while (in.read() >= 0) {
                // the source never writes, but drain anything in case
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not disconnect " + socket, e);
        } catch (IOException e) {
            // a reset: the server closed with unread data, which is a disconnect too
        }
    }

    private static List<String> texts(List<byte[]> list) {
        return list.stream().map(FromTcpTest::text).toList();
    }

    /** Mirrors streamz's test_tcp and test_tcp_async: three clients, the delimiter kept on each message. */
    @Test
    void emitsTheDelimitedMessagesOfSeveralClientsDelimiterIncluded() throws IOException {
        FromTcp source = source(ascii("\n"), 1024, TcpOptions.defaults());
        List<byte[]> out = new CopyOnWriteArrayList<>();
        source.sink(out::add);
        source.start();

        Socket first = client(source);
        send(first, "data\n");
        first.close();
        Await.until(() -> out.size() == 1, () -> texts(out));
        Socket second = client(source);
        send(second, "data\n");
        Await.until(() -> out.size() == 2, () -> texts(out));
        Socket third = client(source);
        send(third, "data2\n");
        Await.until(() -> out.size() == 3, () -> texts(out));

        assertEquals(List.of("data\n", "data\n", "data2\n"), texts(out));
        Await.until(() -> source.metrics().accepted() == 3, source::metrics); // counted just after the put
        assertEquals(3, source.metrics().connectionsOpened());
    }

    @Test
    void messagesSplitByteByByteAndSeveralInOneWriteAreCutAtTheDelimiter() throws IOException {
        FromTcp source = source(ascii("\r\n"), 1024, TcpOptions.defaults());
        List<byte[]> out = new CopyOnWriteArrayList<>();
        source.sink(out::add);
        source.start();

        Socket slow = client(source);
        Socket fast = client(source);
        for (byte b : ascii("one\r\ntwo\r\n")) {
            slow.getOutputStream().write(b);
            slow.getOutputStream().flush();
        }
        send(fast, "a\r\nb\r\nc\r\n");
        Await.until(() -> out.size() == 5, () -> texts(out));

        List<String> got = new ArrayList<>(texts(out));
        assertEquals(List.of("one\r\n", "two\r\n"), got.stream().filter(s -> s.length() > 3).toList());
        assertEquals(List.of("a\r\n", "b\r\n", "c\r\n"), got.stream().filter(s -> s.length() == 3).toList());
    }

    @Test
    void anOversizedMessageDisconnectsThatClientOnlyAndIsCounted() throws IOException {
        FromTcp source = source(ascii("\n"), 8, TcpOptions.defaults());
        List<byte[]> out = new CopyOnWriteArrayList<>();
        source.sink(out::add);
        source.start();

        Socket good = client(source);
        Socket bad = client(source);
        send(good, "12345678\n"); // exactly the limit before the delimiter
        send(bad, "ok\n123456789");
        assertDisconnected(bad);
        Await.until(() -> source.metrics().refused(TcpRefusal.OVERSIZED) == 1, source::metrics);
        send(good, "after\n");
        Await.until(() -> out.size() == 3, () -> texts(out));

        assertTrue(texts(out).containsAll(List.of("12345678\n", "ok\n", "after\n")), () -> texts(out).toString());
        assertEquals(1, source.metrics().refused(TcpRefusal.OVERSIZED));
        Await.until(() -> source.metrics().openConnections() == 1, source::metrics);
    }

    @Test
    void aClientOverTheConnectionLimitIsDisconnectedAndCounted() throws IOException {
        FromTcp source = source(ascii("\n"), 64, TcpOptions.defaults().maxConnections(2));
        List<byte[]> out = new CopyOnWriteArrayList<>();
        source.sink(out::add);
        source.start();

        Socket a = client(source);
        Socket b = client(source);
        send(a, "a\n");
        send(b, "b\n");
        Await.until(() -> out.size() == 2, () -> texts(out));

        Socket third = client(source);
        assertDisconnected(third);
        assertEquals(1, source.metrics().refused(TcpRefusal.CONNECTION_LIMIT));
        assertEquals(2, source.metrics().openConnections());

        a.close();
        Await.until(() -> source.metrics().openConnections() == 1, source::metrics);
        Socket fourth = client(source);
        send(fourth, "d\n");
        Await.until(() -> out.size() == 3, () -> texts(out));
        assertEquals("d\n", text(out.get(2)));
        assertEquals(1, source.metrics().refused(TcpRefusal.CONNECTION_LIMIT));
    }

    @Test
    void aClientSilentPastTheIdleTimeoutIsDisconnectedAndCounted() throws IOException {
        FromTcp source = source(ascii("\n"), 64, TcpOptions.defaults().idleTimeout(Duration.ofMillis(100)));
        List<byte[]> out = new CopyOnWriteArrayList<>();
        source.sink(out::add);
        source.start();

        Socket silent = client(source);
        Socket talked = client(source);
        send(talked, "hello\n");
        Await.until(() -> out.size() == 1, () -> texts(out));

        assertDisconnected(silent);
        assertDisconnected(talked);
        Await.until(() -> source.metrics().refused(TcpRefusal.IDLE) == 2, source::metrics);
        Await.until(() -> source.metrics().openConnections() == 0, source::metrics);
    }

    /**
     * A bounded load test: with the sink blocked, the queue fills, reading stops and the sender's
     * non-blocking writes stall (the kernel buffers fill); the queue never holds more than its
     * capacity. Once the sink is released every message is emitted exactly once, in order.
     */
    @Test
    void aFullQueueStopsReadingSoTheSenderStallsAndNothingIsLost() throws Exception {
        int capacity = 4;
        int count = 4000;
        int size = 1000;
        FromTcp source = source(ascii("\n"), size, TcpOptions.defaults().queueCapacity(capacity).receiveBufferSize(8192));
        CountDownLatch release = new CountDownLatch(1);
        List<byte[]> out = new CopyOnWriteArrayList<>();
        source.sink(m -> {
            out.add(m);
            awaitQuietly(release);
        });
        source.start();

        ByteBuffer all = ByteBuffer.allocate(count * size);
        for (int i = 0; i < count; i++) {
            String head = String.format("%08d", i);
            all.put(ascii(head + "x".repeat(size - head.length() - 1) + "\n"));
        }
        all.flip();
        long deadline = System.nanoTime() + Await.TIMEOUT.toNanos();
        int maxQueued = 0;
        try (SocketChannel channel = SocketChannel.open()) {
            channel.setOption(StandardSocketOptions.SO_SNDBUF, 8192);
            channel.connect(new InetSocketAddress(LOOPBACK, source.port()));
            channel.configureBlocking(false);
            int stalledWrites = 0;
            while (stalledWrites < 200) { // 200 refused writes in a row while the queue is full: stalled
                assertTrue(System.nanoTime() < deadline, "the sender never stalled: " + source.metrics());
                assertTrue(all.hasRemaining(), "every byte was taken while the sink was blocked: " + source.metrics());
                int written = channel.write(all);
                int queued = source.queued();
                maxQueued = Math.max(maxQueued, queued);
                stalledWrites = written == 0 && queued == capacity ? stalledWrites + 1 : 0;
                if (written == 0) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
            }
            // one in the sink, the queue full, at most one waiting to be put
            assertTrue(source.metrics().accepted() <= capacity + 1, () -> source.metrics().toString());
            assertTrue(all.position() < count * size / 2, "the sender pushed " + all.position() + " bytes");
            assertTrue(maxQueued <= capacity, "queue held " + maxQueued);

            release.countDown();
            channel.configureBlocking(true);
            while (all.hasRemaining()) {
                channel.write(all);
            }
        }
        Await.until(() -> out.size() == count, () -> out.size() + " " + source.metrics());
        for (int i = 0; i < count; i++) {
            assertEquals(String.format("%08d", i), text(out.get(i)).substring(0, 8));
        }
        Await.until(() -> source.metrics().accepted() == count, source::metrics); // counted just after the put
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void stopClosesEverySocketAndEndsEveryThreadAndTheSourceRestarts() throws IOException {
        FromTcp source = source(ascii("\n"), 64, TcpOptions.defaults());
        List<byte[]> out = new CopyOnWriteArrayList<>();
        source.sink(out::add);
        source.start();
        int port = source.port();
        Socket a = client(source);
        Socket b = client(source);
        send(a, "a\n");
        send(b, "b\n");
        Await.until(() -> out.size() == 2, () -> texts(out));
        assertEquals(4, Await.liveThreads(prefix(source)).size(), () -> Await.liveThreads(prefix(source)).toString());

        source.stop();

        assertEquals(Set.of(), Await.liveThreads(prefix(source)));
        assertDisconnected(a);
        assertDisconnected(b);
        assertThrows(ConnectException.class, () -> new Socket(LOOPBACK, port).close());
        assertEquals(0, source.metrics().openConnections());

        source.start();
        Socket c = client(source);
        send(c, "c\n");
        Await.until(() -> out.size() == 3, () -> texts(out));
        source.stop();
        assertEquals(Set.of(), Await.liveThreads(prefix(source)));
    }

    @Test
    void stopEmitsEveryMessageTheQueueAccepted() throws Exception {
        int capacity = 8;
        FromTcp source = source(ascii("\n"), 64, TcpOptions.defaults().queueCapacity(capacity));
        CountDownLatch release = new CountDownLatch(1);
        List<byte[]> out = new CopyOnWriteArrayList<>();
        source.sink(m -> {
            out.add(m);
            awaitQuietly(release);
        });
        source.start();
        Socket client = client(source);
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            data.append("m").append(i).append('\n');
        }
        send(client, data.toString());
        Await.until(() -> source.queued() == capacity, source::metrics);

        Thread stopper = new Thread(source::stop, "test-stopper");
        stopper.start();
        // the intake closes first (every connection thread ends), then the consumer drains
        Await.until(() -> Await.liveThreads(prefix(source) + "-").isEmpty(), () -> Await.liveThreads(prefix(source)));
        long accepted = source.metrics().accepted();
        release.countDown();
        stopper.join(Await.TIMEOUT.toMillis());

        assertEquals(capacity + 1, accepted); // the one in the sink and a full queue
        List<String> expected = new ArrayList<>();
        for (int i = 0; i <= capacity; i++) {
            expected.add("m" + i + "\n");
        }
        assertEquals(expected, texts(out));
        assertEquals(Set.of(), Await.liveThreads(prefix(source)));
    }

    @Test
    void aFailureBelowGoesToThePipelinesErrorHandlerAndTheSourceGoesOn() throws IOException {
        FromTcp source = source(ascii("\n"), 64, TcpOptions.defaults());
        List<byte[]> out = new CopyOnWriteArrayList<>();
        List<Object> failed = new CopyOnWriteArrayList<>();
        source.onPipelineError((node, element, error) -> failed.add(text((byte[]) element) + " " + error.getMessage()));
        source.map(b -> {
            if (text(b).startsWith("bad")) {
                throw new IllegalStateException("refused");
            }
            return b;
        }).sink(out::add);
        source.start();

        send(client(source), "one\nbad\ntwo\n");
        Await.until(() -> out.size() == 2, () -> texts(out));

        assertEquals(List.of("one\n", "two\n"), texts(out));
        assertEquals(List.of("bad\n refused"), failed);
    }

    @Test
    void aPortInUseFailsTheStartAndLeavesTheSourceStopped() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, LOOPBACK)) {
            FromTcp source = new FromTcp(taken.getLocalPort());
            sources.add(source);
            RuntimeException e = assertThrows(RuntimeException.class, source::start);
            assertTrue(e.getMessage().contains("from_tcp"), e.getMessage());
            assertTrue(source.isStopped());
        }
    }

    @Test
    void listensOnTheLoopbackAddressByDefault() {
        assertEquals(LOOPBACK, TcpOptions.defaults().bindAddress());
    }

    @Test
    void theRegistryBuildsFromTcp() throws IOException {
        assertTrue(PluginRegistry.global().names(PluginGroup.SOURCES).contains("from_tcp"));
        Stream<byte[]> built = Stream.pluginSource("from_tcp", 0, ascii(";"));
        FromTcp source = assertInstanceOf(FromTcp.class, built);
        source.named("tcptest" + NAMES.incrementAndGet());
        sources.add(source);
        List<byte[]> out = new CopyOnWriteArrayList<>();
        source.sink(out::add);
        source.start();
        send(client(source), "x;y;");
        Await.until(() -> out.size() == 2, () -> texts(out));
        assertEquals(List.of("x;", "y;"), texts(out));
        assertInstanceOf(FromTcp.class, PluginRegistry.global().source("from_tcp", 0));
        assertInstanceOf(FromTcp.class, PluginRegistry.global().source("from_tcp", 0, ascii("\n"), 10));
    }

    @Test
    void badArgumentsFailAtConstructionNamingFromTcpAndTheParameter() {
        assertBad("port", () -> Tcp.fromTcp(-1));
        assertBad("port", () -> Tcp.fromTcp(65_536));
        assertBad("delimiter", () -> Tcp.fromTcp(0, null, 10));
        assertBad("delimiter", () -> Tcp.fromTcp(0, new byte[0], 10));
        assertBad("maxMessageSize", () -> Tcp.fromTcp(0, ascii("\n"), 0));
        assertBad("maxMessageSize", () -> Tcp.fromTcp(0, ascii("\n"), -5));
        assertBad("maxMessageSize", () -> Tcp.fromTcp(0, ascii("\n"), Integer.MAX_VALUE));
        assertBad("options", () -> Tcp.fromTcp(0, ascii("\n"), 10, null));
        assertBad("maxConnections", () -> TcpOptions.defaults().maxConnections(0));
        assertBad("queueCapacity", () -> TcpOptions.defaults().queueCapacity(0));
        assertBad("idleTimeout", () -> TcpOptions.defaults().idleTimeout(Duration.ZERO));
        assertBad("idleTimeout", () -> TcpOptions.defaults().idleTimeout(null));
        assertBad("receiveBufferSize", () -> TcpOptions.defaults().receiveBufferSize(-1));
        assertThrows(NullPointerException.class, () -> TcpOptions.defaults().bindAddress(null));
    }

    private static void assertBad(String parameter, Executable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::execute);
        assertTrue(e.getMessage().startsWith("from_tcp: parameter '" + parameter + "'"), e.getMessage());
    }

    /** For {@link #assertBad}: a construction that may throw. */
    @FunctionalInterface
    private interface Executable {
        void execute();
    }
}
