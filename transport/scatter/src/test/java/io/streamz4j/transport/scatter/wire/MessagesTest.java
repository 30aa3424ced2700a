package io.streamz4j.transport.scatter.wire;

import io.streamz4j.Tuple;
import io.streamz4j.transport.scatter.RefusedMessageException;
import io.streamz4j.transport.scatter.WireTypes;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every message of the protocol table written and read back, at a non-zero offset, and its refusals. */
class MessagesTest {
    private static final int AT = 5;
    private final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(16);
    private final WireWriter out = new WireWriter().wrap(buffer, AT);
    private final WireTypes types = new WireTypes();

    @Test
    void headerCarriesTypeVersionAndUid() {
        out.header(Protocol.GOODBYE, -42L);
        assertEquals(MessageHeader.LENGTH, out.length());
        assertEquals(Protocol.GOODBYE, MessageHeader.checkedType(buffer, AT, out.length()));
        assertEquals(-42L, MessageHeader.workerUid(buffer, AT));
        assertThrows(RefusedMessageException.class, () -> MessageHeader.checkedType(buffer, AT, MessageHeader.LENGTH - 1));
        buffer.putByte(AT + MessageHeader.VERSION_OFFSET, (byte) 2);
        assertThrows(RefusedMessageException.class, () -> MessageHeader.checkedType(buffer, AT, out.length()));
    }

    @Test
    void hello() {
        HelloMessage.encode(out, 7L, 1234, 2001 + 99, "aeron:ipc", "worker-é", List.of("inc", "is-even"));
        HelloMessage hello = new HelloMessage().wrap(buffer, AT, out.length());
        assertEquals(7L, hello.workerUid());
        assertEquals(1234, hello.pid());
        assertEquals(2100, hello.workStreamId());
        assertEquals("aeron:ipc", hello.workChannel());
        assertEquals("worker-é", hello.name());
        assertEquals(List.of("inc", "is-even"), hello.functionNames());
        assertThrows(RefusedMessageException.class, () -> new HelloMessage().wrap(buffer, AT, out.length() - 1));
        assertThrows(RefusedMessageException.class, () -> new HelloMessage().wrap(buffer, AT, out.length() + 1));
    }

    @Test
    void welcomeRejectHeartbeat() {
        WelcomeMessage.encode(out, 7L, 3);
        assertEquals(3, WelcomeMessage.workerIndex(buffer, AT, out.length()));
        assertThrows(RefusedMessageException.class, () -> WelcomeMessage.workerIndex(buffer, AT, out.length() - 1));

        RejectMessage.encode(out.wrap(buffer, AT), 7L, "stream id clash");
        assertEquals("stream id clash", RejectMessage.reason(buffer, AT, out.length()));

        HeartbeatMessage.encode(out.wrap(buffer, AT), 7L, 99L);
        HeartbeatMessage heartbeat = new HeartbeatMessage().wrap(buffer, AT, out.length());
        assertEquals(99L, heartbeat.sentNanos());
        HeartbeatMessage.encodeWorker(out.wrap(buffer, AT), 7L, 100L, 1, 2, 3, 4, 5);
        heartbeat.wrap(buffer, AT, out.length());
        assertEquals(List.of(100L, 1L, 2L, 3L, 4L, 5L), List.of(heartbeat.sentNanos(), heartbeat.elementsIn(),
                heartbeat.elementsOut(), heartbeat.errors(), heartbeat.refused(), (long) heartbeat.inFlight()));
        assertThrows(RefusedMessageException.class, () -> heartbeat.wrap(buffer, AT, out.length() - 1));
    }

    @Test
    void program() {
        List<ProgramMessage.Step> steps = List.of(new ProgramMessage.Step((byte) 1, "inc"),
                new ProgramMessage.Step((byte) 4, ""), new ProgramMessage.Step((byte) 5, "sum"));
        ProgramMessage.encode(out, 7L, 12, steps);
        assertEquals(12, ProgramMessage.programId(buffer, AT, out.length()));
        assertEquals(steps, ProgramMessage.steps(buffer, AT, out.length()));
        assertThrows(RefusedMessageException.class, () -> ProgramMessage.steps(buffer, AT, out.length() - 1));
    }

    @Test
    void taskAndRestore() {
        TaskMessage.encode(out, types, 7L, 12, 1_000_000_000_000L, 2, "key", Tuple.of(1, 2));
        TaskMessage task = new TaskMessage().wrap(buffer, AT, out.length());
        assertEquals(12, task.programId());
        assertEquals(1_000_000_000_000L, task.seq());
        assertEquals(2, task.attempt());
        WireReader in = task.values(new WireReader());
        assertEquals("key", types.decode(in));
        assertEquals(Tuple.of(1, 2), types.decode(in));
        assertEquals(0, in.remaining());
        buffer.putInt(AT + TaskMessage.ATTEMPT_OFFSET, 3);
        assertEquals(3, task.attempt(), "a resend rewrites the attempt in place");
        assertThrows(RefusedMessageException.class, () -> new TaskMessage().wrap(buffer, AT, TaskMessage.VALUES_OFFSET));

        RestoreMessage.encode(out.wrap(buffer, AT), types, 7L, 12, "key", 55L);
        RestoreMessage restore = new RestoreMessage().wrap(buffer, AT, out.length());
        assertEquals(12, restore.programId());
        in = restore.values(in);
        assertEquals("key", types.decode(in));
        assertEquals(55L, types.decode(in));
    }

    @Test
    void resultWithValuesAndState() {
        int countAt = ResultMessage.beginValues(out, 7L, 12, 44L);
        types.encode(1L, out);
        types.encode("two", out);
        ResultMessage.endValues(out, countAt, 2);
        ResultMessage.state(out, types, "key", 3L);
        ResultMessage result = new ResultMessage().wrap(buffer, AT, out.length());
        assertEquals(List.of(12L, 44L, (long) ResultMessage.OK), List.of((long) result.programId(), result.seq(),
                (long) result.status()));
        WireReader in = result.body(new WireReader());
        assertEquals(2, in.readLength(1, "count"));
        assertEquals(1L, types.decode(in));
        assertEquals("two", types.decode(in));
        assertEquals(1, in.readByte("hasState"));
        assertEquals("key", types.decode(in));
        assertEquals(3L, types.decode(in));
        assertEquals(0, in.remaining());
    }

    @Test
    void resultWithError() {
        ResultMessage.encodeError(out, 7L, 12, 44L, "java.lang.ArithmeticException", "/ by zero", "at f(F.java:1)");
        ResultMessage result = new ResultMessage().wrap(buffer, AT, out.length());
        assertEquals(ResultMessage.ERROR, result.status());
        assertEquals("java.lang.ArithmeticException", result.exceptionClass());
        assertEquals("/ by zero", result.message());
        assertEquals("at f(F.java:1)", result.stackTrace());
        buffer.putByte(AT + MessageHeader.LENGTH + 12, (byte) 9);
        assertThrows(RefusedMessageException.class, () -> result.wrap(buffer, AT, out.length()), "unknown status");
        assertThrows(RefusedMessageException.class, () -> result.wrap(new UnsafeBuffer(new byte[20]), 0, 20));
    }
}
