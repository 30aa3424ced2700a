package io.streamz4j.transport.scatter.wire;

import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * HELLO, worker to coordinator, repeated until a WELCOME or REJECT answers it: {@code int pid,
 * int workStreamId, string workChannel, string name, int functionCount, strings functionNames}
 * (the names in the worker's function table, which the coordinator checks its programs against).
 * The decoder checks the whole message when wrapped and decodes each string when asked.
 *
 * <p>Thread safety: a flyweight for one thread at a time; it retains the buffer it wraps.
 */
public final class HelloMessage {
    private static final int PID_OFFSET = MessageHeader.LENGTH;
    private static final int STREAM_ID_OFFSET = PID_OFFSET + 4;
    private static final int CHANNEL_OFFSET = STREAM_ID_OFFSET + 4;

    private final WireReader reader = new WireReader();
    private DirectBuffer buffer;
    private int offset;
    private int limit;
    private int nameAt;
    private int functionsAt;

    public static void encode(WireWriter out, long workerUid, int pid, int workStreamId, String workChannel,
            String name, Collection<String> functionNames) {
        out.header(Protocol.HELLO, workerUid).putInt(pid).putInt(workStreamId).putString(workChannel).putString(name);
        out.putInt(functionNames.size());
        for (String function : functionNames) {
            out.putString(function);
        }
    }

    /** Wraps and checks a HELLO of {@code length} bytes (its header included). */
    public HelloMessage wrap(DirectBuffer buffer, int offset, int length) {
        this.buffer = buffer;
        this.offset = offset;
        this.limit = offset + length;
        reader.wrap(buffer, offset + PID_OFFSET, limit);
        reader.readInt("HELLO pid");
        reader.readInt("HELLO work stream id");
        reader.skipString("HELLO work channel");
        nameAt = reader.position();
        reader.skipString("HELLO name");
        functionsAt = reader.position();
        int count = reader.readLength(4, "HELLO function count");
        for (int i = 0; i < count; i++) {
            reader.skipString("HELLO function name");
        }
        reader.requireEnd("HELLO");
        return this;
    }

    public long workerUid() {
        return MessageHeader.workerUid(buffer, offset);
    }

    public int pid() {
        return buffer.getInt(offset + PID_OFFSET);
    }

    public int workStreamId() {
        return buffer.getInt(offset + STREAM_ID_OFFSET);
    }

    public String workChannel() {
        return reader.wrap(buffer, offset + CHANNEL_OFFSET, limit).readString("HELLO work channel");
    }

    public String name() {
        return reader.wrap(buffer, nameAt, limit).readString("HELLO name");
    }

    public List<String> functionNames() {
        reader.wrap(buffer, functionsAt, limit);
        int count = reader.readInt("HELLO function count");
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(reader.readString("HELLO function name"));
        }
        return names;
    }
}
