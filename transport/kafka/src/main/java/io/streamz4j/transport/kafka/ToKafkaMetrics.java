package io.streamz4j.transport.kafka;

import java.util.concurrent.atomic.LongAdder;

/**
 * What a {@link ToKafka} sink has done: records handed to the producer, acknowledged by the
 * broker, failed (refused by the producer or the broker), and how often the emitting thread had
 * to wait because {@code maxInFlight} sends were already awaiting the broker.
 *
 * <p>Thread safety: written by the emitting thread (sent, back-pressure waits) and the producer's
 * I/O thread (acknowledged, failed) without locks; read from any thread.
 */
public final class ToKafkaMetrics {
    private final LongAdder sent = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder backPressureWaits = new LongAdder();

    ToKafkaMetrics() {
    }

    /** Records handed to the producer (whatever became of them). */
    public long sent() {
        return sent.sum();
    }

    /** Records the broker acknowledged as written. */
    public long acknowledged() {
        return acknowledged.sum();
    }

    /** Records the producer or the broker refused; each went to the pipeline's error handler. */
    public long failed() {
        return failed.sum();
    }

    /** Times an emit waited because {@code maxInFlight} sends were awaiting the broker. */
    public long backPressureWaits() {
        return backPressureWaits.sum();
    }

    void onSent() {
        sent.increment();
    }

    void onAcknowledged() {
        acknowledged.increment();
    }

    void onFailed() {
        failed.increment();
    }

    void onBackPressureWait() {
        backPressureWaits.increment();
    }

    @Override
    public String toString() {
        return "to_kafka metrics[sent=" + sent() + ", acknowledged=" + acknowledged() + ", failed=" + failed()
                + ", backPressureWaits=" + backPressureWaits() + "]";
    }
}
