package io.streamz4j.transport.kafka;

import io.streamz4j.checkpoint.CheckpointListener;

/**
 * Flushes a {@link ToKafka} sink before each checkpoint of a journaled source upstream of it is
 * stored, and keeps that checkpoint from being stored if a record was refused since the previous
 * one: {@code source.onCheckpoint(new ToKafkaCheckpointFlush(sink))}.
 *
 * <p>Why: the sink already holds each element's references until the broker acknowledges its
 * record, so a checkpoint never covers an element whose record is unwritten. The flush pushes out
 * what the producer is still batching (its {@code linger.ms}), so the records sent so far are
 * acknowledged and the following checkpoint can cover them. A refused record is a failure the
 * journal must not be trimmed over silently: the checkpoint about to be stored is refused
 * (logged by the source, which tries again at its next interval), and the refused element, whose
 * references the sink keeps, holds every later checkpoint before it, so a restart replays and
 * writes it again.
 *
 * <p>Thread safety: called on the thread storing the checkpoint (the source's checkpoint thread),
 * while the pipeline emits on its own; it touches the sink only through its thread-safe
 * {@link ToKafka#flush()} and {@link ToKafka#metrics()}, and its own count only on that thread.
 */
public final class ToKafkaCheckpointFlush implements CheckpointListener {
    private final ToKafka<?> sink;
    /** Refusals counted when the previous checkpoint was attempted; checkpoint thread only. */
    private long failedBefore;

    public ToKafkaCheckpointFlush(ToKafka<?> sink) {
        if (sink == null) {
            throw new IllegalArgumentException("to_kafka checkpoint flush: parameter 'sink' must not be null");
        }
        this.sink = sink;
        this.failedBefore = sink.metrics().failed();
    }

    @Override
    public void beforeCheckpointStored(long journalIndex) {
        sink.flush();
        long failed = sink.metrics().failed();
        long newlyFailed = failed - failedBefore;
        failedBefore = failed;
        if (newlyFailed > 0) {
            throw new IllegalStateException("to_kafka: " + newlyFailed + " record(s) to topic '" + sink.topic()
                    + "' failed since the previous checkpoint; not storing checkpoint " + journalIndex
                    + " (the failed elements stay unacknowledged and are replayed after a restart); latest: "
                    + sink.lastFailure(), sink.lastFailure());
        }
    }
}
