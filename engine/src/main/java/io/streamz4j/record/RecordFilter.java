package io.streamz4j.record;

import io.streamz4j.Arguments;

import java.util.function.Predicate;

/**
 * Passes on the records its predicate accepts, as they are (the same lent view, no copy). A
 * dropped record that ended its batch is passed on as {@link RecordHandler#onBatchEnd}, so a
 * batching sink below still flushes at the end of every batch.
 *
 * <p>Thread safety: runs on the thread that hands it records (a ring's consumer thread); holds
 * nothing between records.
 *
 * @param <D> the record's decoder
 */
final class RecordFilter<D> implements RecordHandler<D> {
    private final Predicate<? super D> predicate;
    private final RecordHandler<? super D> downstream;

    RecordFilter(Predicate<? super D> predicate, RecordHandler<? super D> downstream) {
        this.predicate = Arguments.requireNonNull(predicate, "RecordFilter", "predicate");
        this.downstream = Arguments.requireNonNull(downstream, "RecordFilter", "downstream");
    }

    @Override
    public void onRecord(D record, long sequence, boolean endOfBatch) throws Exception {
        if (predicate.test(record)) {
            downstream.onRecord(record, sequence, endOfBatch);
        } else if (endOfBatch) {
            downstream.onBatchEnd(sequence);
        }
    }

    @Override
    public void onBatchEnd(long sequence) throws Exception {
        downstream.onBatchEnd(sequence);
    }
}
