package io.streamz4j.record;

import io.streamz4j.Arguments;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;
import org.agrona.sbe.MessageEncoderFlyweight;

/**
 * Maps each record into an output record of another layout, written by the user's
 * {@link RecordMapper} into this node's own off-heap slot and lent to the node below for the call.
 * The slot, its header and its encoder and decoder are made once, so mapping allocates nothing and
 * copies nothing but what the mapper writes; the output's bytes are a complete SBE message, as a
 * ring slot's are.
 *
 * <p>Thread safety: runs on the thread that hands it records (a ring's consumer thread), which
 * alone writes its slot; holds the latest output until the next record overwrites it.
 *
 * @param <I> the input record's decoder
 * @param <E> the output layout's encoder
 * @param <D> the output layout's decoder
 */
final class RecordMap<I, E extends MessageEncoderFlyweight, D extends MessageDecoderFlyweight>
        implements RecordHandler<I> {
    private final RecordMapper<? super I, ? super E> mapper;
    private final RecordHandler<? super D> downstream;
    private final E encoder;
    private final D decoder;

    RecordMap(RecordLayout<E, D> layout, RecordMapper<? super I, ? super E> mapper,
            RecordHandler<? super D> downstream) {
        Arguments.requireNonNull(layout, "RecordMap", "layout");
        String node = "RecordMap[" + layout.name() + "]";
        this.mapper = Arguments.requireNonNull(mapper, node, "mapper");
        this.downstream = Arguments.requireNonNull(downstream, node, "downstream");
        UnsafeBuffer slot = OffHeap.allocate(layout.slotLength(), node);
        layout.writeHeader(slot, 0);
        this.encoder = layout.wrapEncoder(layout.newEncoder(), slot, 0);
        this.decoder = layout.wrapDecoder(layout.newDecoder(), slot, 0);
    }

    @Override
    public void onRecord(I record, long sequence, boolean endOfBatch) throws Exception {
        mapper.map(record, encoder);
        downstream.onRecord(decoder, sequence, endOfBatch);
    }

    @Override
    public void onBatchEnd(long sequence) throws Exception {
        downstream.onBatchEnd(sequence);
    }
}
