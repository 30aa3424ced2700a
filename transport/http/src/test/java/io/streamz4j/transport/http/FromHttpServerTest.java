package io.streamz4j.transport.http;

import io.streamz4j.Await;
import io.streamz4j.Stream;
import io.streamz4j.plugin.PluginGroup;
import io.streamz4j.plugin.PluginRegistry;
import io.streamz4j.transport.http.RawHttp.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link FromHttpServer} against real HTTP requests on the loopback address. */
class FromHttpServerTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final AtomicInteger NAMES = new AtomicInteger();
    /** The threads the JDK's server starts under names of its own. */
    private static final List<String> JDK_SERVER_THREADS = List.of("HTTP-Dispatcher", "server-timer");

    private final List<FromHttpServer> sources = new ArrayList<>();

    @AfterEach
    void tearDown() {
        sources.forEach(FromHttpServer::stop);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static List<String> texts(List<byte[]> list) {
        return list.stream().map(b -> new String(b, StandardCharsets.US_ASCII)).toList();
    }

    private FromHttpServer source(String path, HttpOptions options) {
        FromHttpServer source = Http.fromHttpServer(0, path, options);
        source.named("httptest" + NAMES.incrementAndGet());
        sources.add(source);
        return source;
    }

    private static String prefix(FromHttpServer source) {
        return "streamz4j-" + source.name() + "-http";
    }

    private static int jdkServerThreads() {
        return JDK_SERVER_THREADS.stream().mapToInt(name -> Await.liveThreads(name).size()).sum();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Mirrors streamz's test_http: POSTs to / and /other are emitted and answered OK; after stop a POST fails. */
    @Test
    void postBodiesAreEmittedAndAnsweredOkAndStopClosesTheServer() throws IOException {
        FromHttpServer source = source("/.*", HttpOptions.defaults());
        List<byte[]> out = new CopyOnWriteArrayList<>();
        source.sink(out::add);
        source.start();

        Response r = RawHttp.request(source.port(), "POST", "/", ascii("data"));
        assertEquals(200, r.status());
        assertEquals("OK", r.body());
        Await.until(() -> out.size() == 1, () -> texts(out));
        assertEquals(200, RawHttp.request(source.port(), "POST", "/other", ascii("data2")).status());
        Await.until(() -> out.size() == 2, () -> texts(out));
        assertEquals(List.of("data", "data2"), texts(out));
        assertEquals(2, source.metrics().accepted());

        source.stop();
        assertThrows(IOException.class, () -> RawHttp.request(source.port(), "POST", "/other", ascii("data2")));
    }

    @Test
    void onlyPathsTheWholePatternMatchesAreServedTheRestAre404() throws IOException {
        FromHttpServer source = source("/ingest/[0-9]+", HttpOptions.defaults());
        List<byte[]> out = new CopyOnWriteArrayList<>();
        source.sink(out::add);
        source.start();

        assertEquals(200, RawHttp.request(source.port(), "POST", "/ingest/12?x=1", ascii("a")).status());
        assertEquals(404, RawHttp.request(source.port(), "POST", "/ingest/x", ascii("b")).status());
        assertEquals(404, RawHttp.request(source.port(), "POST", "/ingest/12/more", ascii("c")).status());
        assertEquals(404, RawHttp.request(source.port(), "POST", "/", ascii("d")).status());
        Await.until(() -> out.size() == 1, () -> texts(out));

        assertEquals(List.of("a"), texts(out));
        assertEquals(3, source.metrics().refused(HttpRefusal.NOT_FOUND));
    }

    @Test
    void otherMethodsAre405WithAllowPost() throws IOException {
        FromHttpServer source = source("/.*", HttpOptions.defaults());
        List<byte[]> out = new CopyOnWriteArrayList<>();
        source.sink(out::add);
        source.start();

        for (String method : List.of("GET", "PUT", "DELETE")) {
            Response r = RawHttp.request(source.port(), method, "/", method.equals("GET") ? null : ascii("x"));
            assertEquals(405, r.status(), method);
            assertEquals("POST", r.headers().get("allow"), method);
        }
        assertEquals(3, source.metrics().refused(HttpRefusal.METHOD_NOT_ALLOWED));
        assertEquals(0, source.metrics().accepted());
        assertEquals(List.of(), texts(out));
    }

    @Test
    void bodiesOverTheLimitAre413WhetherDeclaredOrChunked() throws IOException {
        FromHttpServer source = source("/.*", HttpOptions.defaults().maxBodySize(16));
        List<byte[]> out = new CopyOnWriteArrayList<>();
        source.sink(out::add);
        source.start();

        assertEquals(200, RawHttp.request(source.port(), "POST", "/", ascii("x".repeat(16))).status());
        assertEquals(413, RawHttp.request(source.port(), "POST", "/", ascii("y".repeat(17))).status());
        assertEquals(200, RawHttp.postChunked(source.port(), "/", ascii("z".repeat(16))).status());
        assertEquals(413, RawHttp.postChunked(source.port(), "/", ascii("w".repeat(17))).status());
        Await.until(() -> out.size() == 2, () -> texts(out));

        assertEquals(List.of("x".repeat(16), "z".repeat(16)), texts(out));
        assertEquals(2, source.metrics().refused(HttpRefusal.TOO_LARGE));
    }

    /** A declared length over the limit is answered 413 before the body is sent: the server does not read it. */
    @Test
    void aDeclaredLengthOverTheLimitIsRefusedWithoutReadingTheBody() throws IOException {
        FromHttpServer source = source("/.*", HttpOptions.defaults().maxBodySize(1024));
        source.sink(b -> { });
        source.start();

        try (Socket socket = new Socket(LOOPBACK, source.port())) {
            socket.setSoTimeout((int) Await.TIMEOUT.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(ascii("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000000000\r\n\r\n"));
            out.flush(); // no body follows: the answer must come without it
            Response r = RawHttp.read(socket.getInputStream());
            assertEquals(413, r.status());
        }
        assertEquals(1, source.metrics().refused(HttpRefusal.TOO_LARGE));
    }

    /**
     * A bounded load test: with the sink blocked, concurrent clients get 200 until the queue is
     * full, then 503 with Retry-After at once (no request waits on the pipeline); the queue never
     * holds more than its capacity; once the sink is released every body answered 200 is emitted
     * exactly once and no other.
     */
    @Test
    void aFullQueueAnswers503WithRetryAfterAndEveryAcceptedBodyIsEmittedOnce() throws Exception {
        int capacity = 4;
        int requests = 200;
        FromHttpServer source = source("/.*", HttpOptions.defaults().queueCapacity(capacity).retryAfterSeconds(2));
        CountDownLatch release = new CountDownLatch(1);
        List<byte[]> out = new CopyOnWriteArrayList<>();
        source.sink(b -> {
            out.add(b);
            awaitQuietly(release);
        });
        source.start();

        ConcurrentLinkedQueue<String> ok = new ConcurrentLinkedQueue<>();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger maxQueued = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> sent = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            String body = "body-" + i;
            sent.add(clients.submit(() -> {
                Response r = RawHttp.request(source.port(), "POST", "/", ascii(body));
                maxQueued.accumulateAndGet(source.queued(), Math::max);
                if (r.status() == 200) {
                    ok.add(body);
                } else {
                    assertEquals(503, r.status());
                    assertEquals("2", r.headers().get("retry-after"));
                    refused.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> f : sent) {
            f.get(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS); // a request waiting on the blocked sink would time out here
        }
        clients.shutdown();

        assertTrue(ok.size() <= capacity + 1, "accepted " + ok.size()); // one in the sink and a full queue
        assertEquals(requests, ok.size() + refused.get());
        assertEquals(refused.get(), source.metrics().refused(HttpRefusal.QUEUE_FULL));
        assertEquals(ok.size(), source.metrics().accepted());
        assertTrue(maxQueued.get() <= capacity, "queue held " + maxQueued.get());

        release.countDown();
        Await.until(() -> out.size() == ok.size(), () -> texts(out));
        assertEquals(new HashSet<>(ok), Set.copyOf(texts(out)));
        assertEquals(ok.size(), texts(out).size());
        // the pipeline caught up: the same clients are accepted again
        assertEquals(200, RawHttp.request(source.port(), "POST", "/", ascii("later")).status());
        Await.until(() -> out.size() == ok.size() + 1, () -> texts(out));
    }

    private static Socket partialRequest(int port, String sent) throws IOException {
        Socket socket = new Socket(LOOPBACK, port);
        socket.setSoTimeout((int) Await.TIMEOUT.toMillis());
        socket.getOutputStream().write(ascii(sent));
        socket.getOutputStream().flush();
        return socket;
    }

    /** Fails unless the server closed {@code socket} without an answer: end of stream or a reset. */
    private static void assertClosedUnanswered(Socket socket) {
        try {
            assertEquals(-1, socket.getInputStream().read());
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not close " + socket, e);
        } catch (IOException e) {
            // a reset is a close too
        }
    }

    /** The status a POST of {@code body} got, or -1 if its connection was closed unanswered. */
    private static int answered(int port, String body) {
        try {
            return RawHttp.request(port, "POST", "/", ascii(body)).status();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Whether the server has closed {@code socket} without an answer, looking without waiting for it. */
    private static boolean closedUnansweredNow(Socket socket) {
        try {
            socket.setSoTimeout(1);
            return socket.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // a reset is a close too
        }
    }

    /** A client that stops sending its body, or its headers, is disconnected; the handler thread serves on. */
    @Test
    void aClientSlowerThanTheRequestTimeoutIsDisconnectedAndCounted() throws IOException {
        FromHttpServer source = source("/.*", HttpOptions.defaults().handlerThreads(1)
                .requestTimeout(Duration.ofMillis(200)));
        List<byte[]> out = new CopyOnWriteArrayList<>();
        source.sink(out::add);
        source.start();

        try (Socket body = partialRequest(source.port(), "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")) {
            assertClosedUnanswered(body);
        }
        try (Socket head = partialRequest(source.port(), "POST / HTTP/1.1\r\nHost: x\r\nContent-Le")) {
            assertClosedUnanswered(head);
        }
        Await.until(() -> source.metrics().refused(HttpRefusal.SLOW_CLIENT) == 2, source::metrics);

        // the one handler thread is not left interrupted: the next requests are served
        for (int i = 0; i < 3; i++) {
            assertEquals(200, RawHttp.request(source.port(), "POST", "/", ascii("fine" + i)).status());
        }
        Await.until(() -> out.size() == 3, () -> texts(out));
        assertEquals(List.of("fine0", "fine1", "fine2"), texts(out));
        assertEquals(2, source.metrics().refused(HttpRefusal.SLOW_CLIENT));
    }

    /** With every handler busy and the backlog full, a request's connection is closed unanswered; serving resumes after. */
    @Test
    void aRequestNoHandlerCanTakeIsClosedUnansweredAndCounted() throws IOException {
        FromHttpServer source = source("/.*", HttpOptions.defaults().handlerThreads(1).maxPending(1));
        List<byte[]> out = new CopyOnWriteArrayList<>();
        source.sink(out::add);
        source.start();
        String stalled = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc";

        Socket busy = partialRequest(source.port(), stalled);
        Await.until(() -> Await.liveThreads(prefix(source) + "-handler-").size() == 1, source::metrics);
        Socket second = partialRequest(source.port(), stalled);
        Socket third = partialRequest(source.port(), stalled);
        Await.until(() -> source.metrics().refused(HttpRefusal.OVERLOADED) == 1, source::metrics);
        // one of the last two waits for the handler, the other is closed: which one is the dispatcher's order
        Await.until(() -> closedUnansweredNow(second) || closedUnansweredNow(third), source::metrics);
        busy.close();
        second.close();
        third.close();

        // the handlers notice the closed clients in their own time; until then a request may still be refused
        Await.until(() -> answered(source.port(), "after") == 200, source::metrics);
        Await.until(() -> out.size() == 1, () -> texts(out));
        assertEquals(List.of("after"), texts(out));
    }

    @Test
    void stopEndsEveryThreadItStartedAndTheSourceRestarts() throws IOException {
        int jdkThreadsBefore = jdkServerThreads();
        FromHttpServer source = source("/.*", HttpOptions.defaults().handlerThreads(3));
        List<byte[]> out = new CopyOnWriteArrayList<>();
        source.sink(out::add);
        source.start();
        int port = source.port();
        for (int i = 0; i < 6; i++) {
            assertEquals(200, RawHttp.request(port, "POST", "/", ascii("m" + i)).status());
        }
        Await.until(() -> out.size() == 6, () -> texts(out));
        assertTrue(Await.liveThreads(prefix(source) + "-handler-").size() >= 1);

        source.stop();

        assertEquals(Set.of(), Await.liveThreads(prefix(source)));
        Await.until(() -> jdkServerThreads() == jdkThreadsBefore, () -> jdkServerThreads() + " JDK server threads");
        assertThrows(ConnectException.class, () -> new Socket(LOOPBACK, port).close());

        source.start();
        assertEquals(200, RawHttp.request(source.port(), "POST", "/", ascii("again")).status());
        Await.until(() -> out.size() == 7, () -> texts(out));
        source.stop();
        assertEquals(Set.of(), Await.liveThreads(prefix(source)));
    }

    @Test
    void stopEmitsEveryBodyTheQueueAccepted() throws Exception {
        int capacity = 3;
        FromHttpServer source = source("/.*", HttpOptions.defaults().queueCapacity(capacity));
        CountDownLatch release = new CountDownLatch(1);
        List<byte[]> out = new CopyOnWriteArrayList<>();
        source.sink(b -> {
            out.add(b);
            awaitQuietly(release);
        });
        source.start();
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < capacity + 3; i++) {
            Response r = RawHttp.request(source.port(), "POST", "/", ascii("b" + i));
            if (r.status() == 200) {
                accepted.add("b" + i);
            }
            if (i == 0) {
                Await.until(() -> out.size() == 1, () -> texts(out)); // the first is in the blocked sink
            }
        }
        assertEquals(capacity + 1, accepted.size());

        Thread stopper = new Thread(source::stop, "test-stopper");
        stopper.start();
        Await.until(() -> Await.liveThreads(prefix(source) + "-").isEmpty(), () -> Await.liveThreads(prefix(source)));
        release.countDown();
        stopper.join(Await.TIMEOUT.toMillis());

        assertEquals(accepted, texts(out));
        assertEquals(Set.of(), Await.liveThreads(prefix(source)));
    }

    @Test
    void aFailureBelowGoesToThePipelinesErrorHandlerAndTheSourceGoesOn() throws IOException {
        FromHttpServer source = source("/.*", HttpOptions.defaults());
        List<byte[]> out = new CopyOnWriteArrayList<>();
        List<Object> failed = new CopyOnWriteArrayList<>();
        source.onPipelineError((node, element, error) ->
                failed.add(new String((byte[]) element, StandardCharsets.US_ASCII) + " " + error.getMessage()));
        source.map(b -> {
            if (new String(b, StandardCharsets.US_ASCII).equals("bad")) {
                throw new IllegalStateException("refused");
            }
            return b;
        }).sink(out::add);
        source.start();

        for (String body : List.of("one", "bad", "two")) {
            assertEquals(200, RawHttp.request(source.port(), "POST", "/", ascii(body)).status());
        }
        Await.until(() -> out.size() == 2, () -> texts(out));

        assertEquals(List.of("one", "two"), texts(out));
        assertEquals(List.of("bad refused"), failed);
    }

    @Test
    void aPortInUseFailsTheStartAndLeavesTheSourceStopped() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, LOOPBACK)) {
            FromHttpServer source = new FromHttpServer(taken.getLocalPort());
            sources.add(source);
            RuntimeException e = assertThrows(RuntimeException.class, source::start);
            assertTrue(e.getMessage().contains("from_http_server"), e.getMessage());
            assertTrue(source.isStopped());
        }
    }

    @Test
    void listensOnTheLoopbackAddressByDefault() {
        assertEquals(LOOPBACK, HttpOptions.defaults().bindAddress());
    }

    @Test
    void theRegistryBuildsFromHttpServer() throws IOException {
        assertTrue(PluginRegistry.global().names(PluginGroup.SOURCES).contains("from_http_server"));
        Stream<byte[]> built = Stream.pluginSource("from_http_server", 0, "/in");
        FromHttpServer source = assertInstanceOf(FromHttpServer.class, built);
        source.named("httptest" + NAMES.incrementAndGet());
        sources.add(source);
        List<byte[]> out = new CopyOnWriteArrayList<>();
        source.sink(out::add);
        source.start();
        assertEquals(200, RawHttp.request(source.port(), "POST", "/in", ascii("p")).status());
        assertEquals(404, RawHttp.request(source.port(), "POST", "/out", ascii("q")).status());
        Await.until(() -> out.size() == 1, () -> texts(out));
        assertEquals(List.of("p"), texts(out));
        assertInstanceOf(FromHttpServer.class, PluginRegistry.global().source("from_http_server", 0));
    }

    @Test
    void badArgumentsFailAtConstructionNamingFromHttpServerAndTheParameter() {
        assertBad("port", () -> Http.fromHttpServer(-1));
        assertBad("port", () -> Http.fromHttpServer(70_000));
        assertBad("path", () -> Http.fromHttpServer(0, null));
        assertBad("path", () -> Http.fromHttpServer(0, "/(unclosed"));
        assertBad("options", () -> Http.fromHttpServer(0, "/.*", null));
        assertBad("maxBodySize", () -> HttpOptions.defaults().maxBodySize(0));
        assertBad("maxBodySize", () -> HttpOptions.defaults().maxBodySize(Integer.MAX_VALUE));
        assertBad("queueCapacity", () -> HttpOptions.defaults().queueCapacity(0));
        assertBad("handlerThreads", () -> HttpOptions.defaults().handlerThreads(0));
        assertBad("maxPending", () -> HttpOptions.defaults().maxPending(0));
        assertBad("retryAfterSeconds", () -> HttpOptions.defaults().retryAfterSeconds(0));
        assertBad("requestTimeout", () -> HttpOptions.defaults().requestTimeout(Duration.ZERO));
        assertBad("requestTimeout", () -> HttpOptions.defaults().requestTimeout(null));
        assertThrows(NullPointerException.class, () -> HttpOptions.defaults().bindAddress(null));
    }

    private static void assertBad(String parameter, Construction build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::run);
        assertTrue(e.getMessage().startsWith("from_http_server: parameter '" + parameter + "'"), e.getMessage());
    }

    /** For {@link #assertBad}: a construction that may throw. */
    @FunctionalInterface
    private interface Construction {
        void run();
    }
}
