package io.streamz4j.transport.websocket;

import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The Java-WebSocket client of one {@link ToWebsocket} connection: frames through a
 * {@link FrameTrackingDraft} and writes through a {@link HandOffSocket}, so the sink knows when each
 * message reached the socket; says when it opened and why it closed. It ignores what the server
 * sends (streamz's {@code to_websocket} only writes). The library's connection-lost timer is off:
 * it would start a thread the sink cannot name or wait for; a dead server shows as a failed write.
 *
 * <p>Thread safety: {@link #run()} runs on the reader thread the sink starts; the library starts
 * the writer thread; the callbacks run on either. The emitting thread sends; {@link #awaitOpen} and
 * {@link #awaitClosed} are called by the sink.
 */
final class SinkClient extends WebSocketClient {
    private final HandOff handOff;
    private final Consumer<List<HandOff.Pending>> onAbandoned;
    private final CountDownLatch opened = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile String closeReason = "not connected yet";
    private volatile Exception error;

    SinkClient(URI uri, HandOff handOff, ToWebsocketOptions options, String writerName,
            Consumer<List<HandOff.Pending>> onAbandoned) {
        super(uri, new FrameTrackingDraft(handOff), null, (int) Math.min(Integer.MAX_VALUE,
                options.connectTimeout().toMillis()));
        this.handOff = handOff;
        this.onAbandoned = onAbandoned;
        setSocketFactory(HandOffSocket.factory(handOff, writerName));
        setConnectionLostTimeout(0);
        setTcpNoDelay(true);
    }

    /** Waits until the connection opened (true) or failed to. */
    boolean awaitOpen(Duration timeout) throws InterruptedException {
        return opened.await(timeout.toNanos(), TimeUnit.NANOSECONDS) && isOpen();
    }

    /** Waits until the connection closed; false if it had not after {@code timeout}. */
    boolean awaitClosed(Duration timeout) throws InterruptedException {
        return closed.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Why the connection is not open: its close code and reason, or the error that stopped it. */
    String closeReason() {
        Exception failure = error;
        return failure != null ? closeReason + " (" + failure + ")" : closeReason;
    }

    /** The library's writer thread, or null before it wrote. */
    Thread writer() {
        return getSocket() instanceof HandOffSocket socket ? socket.writer() : null;
    }

    @Override
    public void onOpen(ServerHandshake handshake) {
        opened.countDown();
    }

    @Override
    public void onMessage(String message) {
    }

    @Override
    public void onMessage(ByteBuffer message) {
    }

    /** The close handshake began: the connection is no longer open, so writes fail from now on. */
    @Override
    public void onClosing(int code, String reason, boolean remote) {
        closeReason = describe(code, reason, remote);
    }

    @Override
    public void onClose(int code, String reason, boolean remote) {
        closeReason = describe(code, reason, remote);
        List<HandOff.Pending> unwritten = handOff.abandon();
        opened.countDown();
        closed.countDown();
        if (!unwritten.isEmpty()) {
            onAbandoned.accept(unwritten);
        }
    }

    private static String describe(int code, String reason, boolean remote) {
        return "closed with " + code + (reason == null || reason.isEmpty() ? "" : " (" + reason + ")")
                + (remote ? " by the server" : "");
    }

    @Override
    public void onError(Exception ex) {
        error = ex;
    }
}
