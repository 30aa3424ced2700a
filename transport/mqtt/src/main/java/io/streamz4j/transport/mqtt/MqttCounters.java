package io.streamz4j.transport.mqtt;

import java.util.concurrent.atomic.LongAdder;

/**
 * What an MQTT source or sink has done, for monitoring and tests: {@code fromMqtt} counts
 * received, acknowledged and duplicate-flagged messages, refused ones (arrived while stopping:
 * left unacknowledged for the broker to redeliver) and acknowledgements that could not be sent;
 * {@code toMqtt} counts published (acknowledged by the broker) messages and failed publishes; both
 * count lost connections.
 *
 * <p>Thread safety: written by Paho's threads, the consumer thread and whichever thread releases
 * an element last, so every counter is a {@link LongAdder} (no lock, no contended cache line);
 * read from any thread. A read is a moment's sum, not a snapshot of all counters together.
 */
public final class MqttCounters {
    final LongAdder received = new LongAdder();
    final LongAdder acked = new LongAdder();
    final LongAdder duplicates = new LongAdder();
    final LongAdder refused = new LongAdder();
    final LongAdder ackFailures = new LongAdder();
    final LongAdder connectionLosses = new LongAdder();
    final LongAdder published = new LongAdder();
    final LongAdder publishFailures = new LongAdder();

    /** Messages taken from the broker into the source's queue. */
    public long received() {
        return received.sum();
    }

    /** Messages acknowledged to the broker once every node was done with them. */
    public long acked() {
        return acked.sum();
    }

    /** Received messages the broker flagged as redelivered. */
    public long duplicates() {
        return duplicates.sum();
    }

    /** Messages that arrived while the source was stopping: not queued and not acknowledged, so redelivered. */
    public long refused() {
        return refused.sum();
    }

    /** Acknowledgements that could not be sent (the connection was gone): the broker redelivers those messages. */
    public long ackFailures() {
        return ackFailures.sum();
    }

    /** Connections lost to the broker (not counting a disconnect the source or sink asked for). */
    public long connectionLosses() {
        return connectionLosses.sum();
    }

    /** Messages the broker acknowledged (for QoS 0: written to the connection). */
    public long published() {
        return published.sum();
    }

    /** Publishes that failed: their elements went to the error handler and keep their references. */
    public long publishFailures() {
        return publishFailures.sum();
    }

    @Override
    public String toString() {
        return "MqttCounters[received=" + received() + ", acked=" + acked() + ", duplicates=" + duplicates()
                + ", refused=" + refused() + ", ackFailures=" + ackFailures()
                + ", connectionLosses=" + connectionLosses() + ", published=" + published()
                + ", publishFailures=" + publishFailures() + "]";
    }
}
