package io.streamz4j.record;

/**
 * What a record ring's consumer, and each record operator, hands records to: the record path's
 * node, shaped as a Disruptor event handler. The record is lent for the call only: it is a view
 * over a slot that is rewritten once the call returns, so a handler that keeps data copies the
 * fields it needs (into primitives, its own buffer, or an object it owns).
 *
 * <p>{@code endOfBatch} is true on the last record the consumer had available, where a sink
 * flushes what it batched (a journal, a publication). When an operator upstream drops the
 * batch's last record (a filter), the handler gets {@link #onBatchEnd} instead, so it still
 * flushes at the end of every batch.
 *
 * <p>Thread safety: called on one thread only, the consuming ring's consumer thread (or the
 * thread of the operator that calls it); needs no synchronisation of its own.
 *
 * @param <D> the record's decoder (the generated flyweight)
 */
@FunctionalInterface
public interface RecordHandler<D> {
    /** Handles the record in slot {@code sequence}, lent for this call only. */
    void onRecord(D record, long sequence, boolean endOfBatch) throws Exception;

    /**
     * The batch ended at {@code sequence} on a record this handler was not given (an operator
     * upstream dropped it). A handler that batches flushes here as it does on {@code endOfBatch}.
     */
    default void onBatchEnd(long sequence) throws Exception {
    }
}
