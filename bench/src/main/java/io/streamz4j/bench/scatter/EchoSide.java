package io.streamz4j.bench.scatter;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.streamz4j.transport.scatter.AeronSetup;
import io.streamz4j.transport.scatter.IdleStrategies;
import org.agrona.CloseHelper;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The floor: a bare Aeron request-reply. An embedded media driver in this process, the very one a
 * {@code Cluster} embeds ({@link AeronSetup#embedded()}: one shared driver thread backing off to
 * 1 ms parks, the same term buffers), a publication to an {@link AeronEcho} process and a
 * subscription to its replies, 32-byte messages carrying the element in their first 8 bytes.
 * Replies are polled on the measuring thread, with no agent thread between: the least a round
 * trip can cost.
 *
 * <p>Thread safety: one measuring thread sends, polls and closes; results arrive on it.
 */
final class EchoSide implements RoundTripSide {
    static final int MESSAGE_BYTES = 32;
    private static final long CONNECT_TIMEOUT_NANOS = 20_000_000_000L;

    private final AeronSetup aeron;
    private final ExclusivePublication ping;
    private final Subscription pong;
    private final JavaProcess echo;
    private final IdleStrategy offerIdle;
    private final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(MESSAGE_BYTES));
    private final Results results;
    private final FragmentHandler onReply;

    EchoSide(Channel channel, String idle, Results results) {
        this.results = results;
        this.offerIdle = IdleStrategies.parse(idle);
        this.onReply = (buffer, offset, length, header) -> results.accept(buffer.getLong(offset));
        AeronSetup launched = AeronSetup.embedded();
        JavaProcess process = null;
        try {
            Aeron client = launched.connect();
            String pingChannel = channel.newEndpoint();
            String pongChannel = channel.newEndpoint();
            ExclusivePublication out = client.addExclusivePublication(pingChannel, AeronEcho.PING_STREAM);
            Subscription in = client.addSubscription(pongChannel, AeronEcho.PONG_STREAM);
            process = JavaProcess.start(AeronEcho.class, List.of("--aeron-dir", launched.aeronDirectoryName(),
                    "--ping", pingChannel, "--pong", pongChannel, "--idle", idle), CONNECT_TIMEOUT_NANOS / 1_000_000);
            long deadline = System.nanoTime() + CONNECT_TIMEOUT_NANOS;
            while (!out.isConnected() || !in.isConnected()) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IllegalStateException("echo floor: the echo process did not connect over "
                            + channel.label());
                }
                LockSupport.parkNanos(1_000_000);
            }
            this.ping = out;
            this.pong = in;
        } catch (RuntimeException e) {
            CloseHelper.closeAll(process, launched);
            throw e;
        }
        this.aeron = launched;
        this.echo = process;
    }

    @Override
    public void send(long element) {
        message.putLong(0, element);
        long result;
        while ((result = ping.offer(message, 0, MESSAGE_BYTES)) < 0) {
            if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED) {
                throw new IllegalStateException("echo floor: the ping publication refused for good: " + result);
            }
            offerIdle.idle();
        }
        offerIdle.reset();
    }

    @Override
    public int poll() {
        return pong.poll(onReply, 16);
    }

    /** Aeron's publication takes whatever fits its term: the measuring loop keeps the window. */
    @Override
    public boolean sendHoldsWindow() {
        return false;
    }

    @Override
    public Results results() {
        return results;
    }

    /** Stops the echo process first (it uses this driver), then the client, the driver and its directory. */
    @Override
    public void close() {
        CloseHelper.closeAll(echo, aeron);
    }
}
