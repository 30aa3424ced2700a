package io.streamz4j.record;

import io.streamz4j.record.value.WindowAggregateDecoder;
import io.streamz4j.record.value.WindowAggregateEncoder;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * A window operator's output: one off-heap slot of {@link RecordLayout#WINDOW_AGGREGATE}, its
 * header written once, with an encoder the operator writes a key's aggregate through and a decoder
 * over the same bytes that it lends to the steps below, as {@link RecordMap}'s slot is. Made once
 * per operator, so emitting allocates nothing; the slot's bytes are a complete SBE message. Its
 * statistic fields start as NaN, so those a window does not compute (and never writes) read NaN.
 *
 * <p>Thread safety: confined to the thread that runs its operator; the slot holds the latest
 * aggregate until the next overwrites it.
 */
final class AggregateSlot {
    final WindowAggregateEncoder encoder;
    final WindowAggregateDecoder decoder;

    AggregateSlot(String owner) {
        RecordLayout<WindowAggregateEncoder, WindowAggregateDecoder> layout = RecordLayout.WINDOW_AGGREGATE;
        UnsafeBuffer slot = OffHeap.allocate(layout.slotLength(), owner);
        layout.writeHeader(slot, 0);
        this.encoder = layout.wrapEncoder(layout.newEncoder(), slot, 0);
        this.decoder = layout.wrapDecoder(layout.newDecoder(), slot, 0);
        // A window writes only the statistics it computes; the others read NaN for good.
        encoder.sum(Double.NaN).mean(Double.NaN).min(Double.NaN).max(Double.NaN).weightSum(Double.NaN)
                .weightedMean(Double.NaN);
    }
}
