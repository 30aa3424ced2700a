package io.streamz4j.transport.websocket;

import io.streamz4j.Await;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bounded load test (count and time limited): a client writes far more than the kernel's socket
 * buffers hold into a source whose sink is stalled. The source's queue never holds more than its
 * capacity, the server stops reading (the client's non-blocking writes stop going through), and
 * once the sink goes on every message comes out exactly once, in order.
 */
class FromWebsocketBackPressureTest {
    private static final int CAPACITY = 8;
    private static final int MESSAGES = 40_000;
    private static final int SIZE = 1024;

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        Collections.reverse(cleanup);
        for (AutoCloseable c : cleanup) {
            c.close();
        }
    }

    /** Writes MESSAGES numbered binary frames on a non-blocking channel, counting what went out and how often the socket was full. */
    private static final class Writer extends Thread {
        final AtomicLong written = new AtomicLong();
        final AtomicLong fullSocket = new AtomicLong();
        final long total;
        private final SocketChannel channel;
        volatile Throwable failure;

        Writer(int port) throws IOException {
            super("test-websocket-writer");
            channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
            channel.write(ByteBuffer.wrap(RawClient.handshake(port)));
            String head = RawClient.readHead(Channels.newInputStream(channel));
            assertTrue(head.startsWith("HTTP/1.1 101"), head);
            channel.configureBlocking(false);
            total = (long) MESSAGES * RawClient.frame(true, 0, RawClient.BINARY, new byte[SIZE], true).length;
        }

        @Override
        public void run() {
            try {
                byte[] payload = new byte[SIZE];
                for (int i = 0; i < MESSAGES; i++) {
                    ByteBuffer.wrap(payload).putInt(i);
                    ByteBuffer frame = ByteBuffer.wrap(RawClient.frame(true, 0, RawClient.BINARY, payload, true));
                    while (frame.hasRemaining()) {
                        int n = channel.write(frame);
                        if (n == 0) {
                            fullSocket.incrementAndGet();
                            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
                        }
                        written.addAndGet(n);
                    }
                }
            } catch (IOException e) {
                failure = e;
            }
        }

        void close() throws IOException {
            channel.close();
        }
    }

    @Test
    void aFullQueueStopsReadingAndEverythingAcceptedIsEmittedOnceReleased() throws Exception {
        FromWebsocket source = WebSockets.fromWebsocket("127.0.0.1", 0,
                FromWebsocketOptions.defaults().queueCapacity(CAPACITY));
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> received = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger maxQueued = new AtomicInteger();
        AtomicLong overAccepted = new AtomicLong();
        source.sink(x -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            maxQueued.accumulateAndGet(source.metrics().queued(), Math::max);
            // accepted = emitted + this one + what waits in the queue: never more than the queue holds
            long beyond = source.metrics().messages() - received.size() - 1 - CAPACITY;
            overAccepted.accumulateAndGet(beyond, Math::max);
            received.add(ByteBuffer.wrap((byte[]) x).getInt());
        });
        source.start();
        cleanup.add(source::stop);
        Writer writer = new Writer(source.port());
        cleanup.add(writer::close);
        writer.start();

        Await.until(() -> source.metrics().queued() == CAPACITY && writer.fullSocket.get() > 0
                && writer.written.get() < writer.total, () -> source.metrics() + ", written " + writer.written);
        assertTrue(source.metrics().messages() <= CAPACITY + 1,
                "only what the queue holds (and the one in the sink) was accepted: " + source.metrics());
        assertTrue(writer.written.get() < writer.total / 2,
                "the server stopped reading: " + writer.written + " of " + writer.total + " bytes went out");

        release.countDown();
        writer.join(Await.TIMEOUT.toMillis());
        assertEquals(null, writer.failure);
        Await.until(() -> received.size() == MESSAGES, received::size);
        for (int i = 0; i < MESSAGES; i++) {
            if (received.get(i) != i) {
                throw new AssertionError("message " + i + " came out as " + received.get(i));
            }
        }
        assertTrue(maxQueued.get() <= CAPACITY, "the queue held " + maxQueued);
        assertTrue(overAccepted.get() <= 0, "accepted beyond the queue: " + overAccepted);
        assertEquals(MESSAGES, source.metrics().messages());
    }

    @Test
    void stopWhileHeldBackEmitsWhatWasAcceptedAndEndsEveryThread() throws Exception {
        FromWebsocket source = WebSockets.fromWebsocket("127.0.0.1", 0,
                FromWebsocketOptions.defaults().queueCapacity(CAPACITY));
        source.named("wsheld");
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> received = Collections.synchronizedList(new ArrayList<>());
        source.sink(x -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            received.add(ByteBuffer.wrap((byte[]) x).getInt());
        });
        source.start();
        Writer writer = new Writer(source.port());
        cleanup.add(writer::close);
        writer.start();
        Await.until(() -> source.metrics().queued() == CAPACITY, source::metrics);

        Thread stopper = new Thread(source::stop, "test-stopper");
        stopper.start();
        Await.until(() -> Await.liveThreads("streamz4j-wsheld-websocket-selector").isEmpty(),
                () -> Await.liveThreads("streamz4j-wsheld"));
        release.countDown();
        stopper.join(Await.TIMEOUT.toMillis());
        assertTrue(!stopper.isAlive(), "stop returned");

        assertEquals(Set.of(), Await.liveThreads("streamz4j-wsheld-websocket"));
        assertEquals(source.metrics().messages(), received.size(), "every accepted message was emitted");
        for (int i = 0; i < received.size(); i++) {
            assertEquals(i, received.get(i), "in order, each once");
        }
        assertTrue(received.size() >= CAPACITY, "the queue's messages were drained: " + received.size());
    }
}
