package io.streamz4j.transport.scatter;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.streamz4j.transport.scatter.wire.HelloMessage;
import io.streamz4j.transport.scatter.wire.MessageHeader;
import io.streamz4j.transport.scatter.wire.Protocol;
import io.streamz4j.transport.scatter.wire.RejectMessage;
import io.streamz4j.transport.scatter.wire.WireWriter;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The coordinator's side of the control channel, spoken to by hand: a message it cannot decode
 * is refused and counted, never acted on; a HELLO announcing a work stream a live worker holds is
 * answered with REJECT, addressed to the newcomer's uid.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ControlProtocolTest {
    private Cluster cluster;
    private Aeron aeron;
    private Publication control;
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);

    @BeforeEach
    void start() {
        cluster = Cluster.start(ClusterOptions.defaults().workerTimeout(Duration.ofMinutes(1)));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(cluster.aeronDirectory()));
        control = aeron.addPublication(cluster.controlChannel(), Protocol.CONTROL_STREAM_ID);
    }

    @AfterEach
    void stop() {
        aeron.close();
        cluster.close();
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            LockSupport.parkNanos(1_000_000);
        }
    }

    private void send(int length) {
        await(() -> control.offer(buffer, 0, length) > 0, "the message went out");
    }

    @Test
    void undecodableMessagesAreRefusedAndCounted() {
        await(control::isConnected, "the control publication connected");
        buffer.setMemory(0, 64, (byte) 0);
        send(3); // shorter than a header
        MessageHeader.write(buffer, 0, Protocol.HEARTBEAT, 7);
        buffer.putByte(MessageHeader.VERSION_OFFSET, (byte) 9);
        send(MessageHeader.LENGTH + 8); // another protocol version
        MessageHeader.write(buffer, 0, (byte) 99, 7);
        send(MessageHeader.LENGTH); // no such type
        MessageHeader.write(buffer, 0, Protocol.TASK, 7);
        send(MessageHeader.LENGTH + 40); // a type only a worker takes
        MessageHeader.write(buffer, 0, Protocol.HELLO, 7);
        buffer.putInt(MessageHeader.LENGTH + 8, 1 << 30);
        send(MessageHeader.LENGTH + 12); // a string length that runs past the message
        await(() -> cluster.refusedMessages() == 5, "five refusals, saw " + cluster.refusedMessages());
        assertEquals(List.of(), cluster.workers(), "nothing refused was acted on");
    }

    @Test
    void aHelloOnALiveWorkersWorkStreamIsRejected() {
        int stream = Protocol.WORK_STREAM_ID + 4242;
        Subscription work = aeron.addSubscription("aeron:ipc", stream);
        List<Long> rejectedUids = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        await(control::isConnected, "the control publication connected");
        WireWriter writer = new WireWriter();
        for (long uid : new long[] {11, 12}) {
            writer.wrap(buffer, 0);
            HelloMessage.encode(writer, uid, 1000 + (int) uid, stream, "aeron:ipc", "fake-" + uid, Set.of());
            send(writer.length());
        }
        await(() -> {
            work.poll((buf, offset, length, header) -> {
                if (MessageHeader.type(buf, offset) == Protocol.REJECT) {
                    rejectedUids.add(MessageHeader.workerUid(buf, offset));
                    reasons.add(RejectMessage.reason(buf, offset, length));
                }
            }, 10);
            return !rejectedUids.isEmpty();
        }, "a REJECT came");
        assertEquals(List.of(12L), rejectedUids, "the newcomer is rejected, not the worker holding the stream");
        assertTrue(reasons.get(0).contains("already taken by worker 0"), reasons.get(0));
        assertEquals(List.of(0), cluster.workers());
    }
}
