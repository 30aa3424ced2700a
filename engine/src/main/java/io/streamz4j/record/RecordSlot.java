package io.streamz4j.record;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;
import org.agrona.sbe.MessageEncoderFlyweight;

/**
 * The Disruptor event of a record ring: not the record, which lives off-heap in the ring's region,
 * but the slot's two views, an encoder and a decoder wrapped once over the slot when the ring is
 * made. So claiming, writing, publishing and reading a record touch no object but these.
 *
 * <p>Thread safety: the encoder is used by the producer that claimed the slot, the decoder by the
 * consumer after the ring's publish/consume handshake; neither is shared beyond that.
 */
final class RecordSlot<E extends MessageEncoderFlyweight, D extends MessageDecoderFlyweight> {
    final int offset;
    final E encoder;
    final D decoder;

    RecordSlot(RecordLayout<E, D> layout, UnsafeBuffer region, int offset) {
        this.offset = offset;
        layout.writeHeader(region, offset);
        this.encoder = layout.wrapEncoder(layout.newEncoder(), region, offset);
        this.decoder = layout.wrapDecoder(layout.newDecoder(), region, offset);
    }
}
