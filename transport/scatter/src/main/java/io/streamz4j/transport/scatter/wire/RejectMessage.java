package io.streamz4j.transport.scatter.wire;

import org.agrona.DirectBuffer;

/**
 * REJECT, coordinator to worker, answering a HELLO it cannot accept (a work stream id already in
 * use, a function it does not know): {@code string reason}. The worker exits with the reason.
 *
 * <p>Thread safety: static methods over the caller's buffer; nothing retained.
 */
public final class RejectMessage {
    private RejectMessage() {
    }

    public static void encode(WireWriter out, long workerUid, String reason) {
        out.header(Protocol.REJECT, workerUid).putString(reason);
    }

    public static String reason(DirectBuffer buffer, int offset, int length) {
        return new WireReader().wrap(buffer, offset + MessageHeader.LENGTH, offset + length).readString("REJECT reason");
    }
}
