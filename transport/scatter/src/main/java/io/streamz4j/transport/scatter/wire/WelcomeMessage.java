package io.streamz4j.transport.scatter.wire;

import io.streamz4j.transport.scatter.RefusedMessageException;
import org.agrona.DirectBuffer;

/**
 * WELCOME, coordinator to worker, answering its HELLO: {@code int workerIndex}, the index the
 * coordinator knows the worker by (in metrics and logs).
 *
 * <p>Thread safety: static methods over the caller's buffer; nothing retained.
 */
public final class WelcomeMessage {
    public static final int LENGTH = MessageHeader.LENGTH + 4;

    private WelcomeMessage() {
    }

    public static void encode(WireWriter out, long workerUid, int workerIndex) {
        out.header(Protocol.WELCOME, workerUid).putInt(workerIndex);
    }

    /** The worker index of a WELCOME of {@code length} bytes; refused when it is not one's length. */
    public static int workerIndex(DirectBuffer buffer, int offset, int length) {
        if (length != LENGTH) {
            throw new RefusedMessageException("WELCOME of " + length + " bytes, expected " + LENGTH);
        }
        return buffer.getInt(offset + MessageHeader.LENGTH);
    }
}
