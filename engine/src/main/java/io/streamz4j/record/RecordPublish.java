package io.streamz4j.record;

import io.streamz4j.Arguments;

import org.agrona.sbe.MessageDecoderFlyweight;
import org.agrona.sbe.MessageEncoderFlyweight;

/**
 * Maps each record into a slot of the next ring: claims it, lets the user's {@link RecordMapper}
 * write it through the slot's encoder, and publishes it, so the record crosses to the next ring's
 * consumer thread with no copy but the mapper's writes. A full next ring holds this node back, and
 * through it the ring that feeds it: back pressure travels upstream. Rings must not feed each other
 * in a cycle, or two full rings wait for each other.
 *
 * <p>Thread safety: runs on the thread that hands it records (a ring's consumer thread), the next
 * ring's producer; a single-producer next ring must have no other producer.
 *
 * @param <I> the input record's decoder
 * @param <E> the next ring's encoder
 */
final class RecordPublish<I, E extends MessageEncoderFlyweight> implements RecordHandler<I> {
    private final RecordRing<E, ? extends MessageDecoderFlyweight> next;
    private final RecordMapper<? super I, ? super E> mapper;

    RecordPublish(RecordRing<E, ? extends MessageDecoderFlyweight> next, RecordMapper<? super I, ? super E> mapper) {
        this.next = Arguments.requireNonNull(next, "RecordPublish", "next");
        this.mapper = Arguments.requireNonNull(mapper, "RecordPublish[" + next + "]", "mapper");
    }

    @Override
    public void onRecord(I record, long sequence, boolean endOfBatch) {
        long slot = next.claim();
        try {
            mapper.map(record, next.encoder(slot));
        } finally {
            // A claimed slot is always published, or the next ring's consumer would stop at it; if the
            // mapper failed, the slot goes out part-written, as a Disruptor translator's event does.
            next.publish(slot);
        }
    }
}
