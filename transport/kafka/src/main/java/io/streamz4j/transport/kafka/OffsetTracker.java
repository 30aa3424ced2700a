package io.streamz4j.transport.kafka;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@link PartitionOffsets} of every partition currently assigned to one consumer, and the
 * offsets to commit for them. Each assignment of a partition gets a fresh {@link PartitionOffsets};
 * an element's completion callback holds the one it was emitted under, so a completion arriving
 * after the partition was revoked (or revoked and assigned again) touches only the forgotten one.
 *
 * <p>Thread safety: {@link #assigned}, {@link #emitted}, {@link #toCommit}, {@link #forget} on the
 * consumer's poll thread (where Kafka also runs the rebalance callbacks); the map is concurrent so
 * that {@link #watermark} may be read from any thread (tests, metrics). Completions go to the
 * {@link PartitionOffsets} directly, from any thread.
 */
final class OffsetTracker {
    private final Map<TopicPartition, PartitionOffsets> partitions = new ConcurrentHashMap<>();

    /** Starts tracking {@code assigned} afresh. */
    void assigned(Collection<TopicPartition> assigned) {
        for (TopicPartition tp : assigned) {
            PartitionOffsets previous = partitions.put(tp, new PartitionOffsets());
            if (previous != null) {
                previous.forget();
            }
        }
    }

    /** The offsets of {@code tp} in its current assignment, started if a record arrives before its assignment was seen. */
    PartitionOffsets partition(TopicPartition tp) {
        return partitions.computeIfAbsent(tp, k -> new PartitionOffsets());
    }

    /** The commit position of every partition whose watermark moved since its last commit. */
    Map<TopicPartition, OffsetAndMetadata> toCommit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        partitions.forEach((tp, p) -> {
            long position = p.commitPosition();
            if (position >= 0) {
                offsets.put(tp, new OffsetAndMetadata(position));
            }
        });
        return offsets;
    }

    /** The finished position of each partition in {@code of} that emitted anything, for a final, synchronous commit. */
    Map<TopicPartition, OffsetAndMetadata> finishedOf(Collection<TopicPartition> of) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : of) {
            PartitionOffsets p = partitions.get(tp);
            long position = p == null ? -1 : p.watermark();
            if (position >= 0) {
                offsets.put(tp, new OffsetAndMetadata(position));
            }
        }
        return offsets;
    }

    /** Stops tracking {@code revoked}: later completions for them are ignored. */
    void forget(Collection<TopicPartition> revoked) {
        for (TopicPartition tp : revoked) {
            PartitionOffsets p = partitions.remove(tp);
            if (p != null) {
                p.forget();
            }
        }
    }

    /** Every partition tracked now. */
    Collection<TopicPartition> tracked() {
        return partitions.keySet();
    }

    /** The commit position of {@code tp} now, or -1 when it is not assigned or emitted nothing. */
    long watermark(TopicPartition tp) {
        PartitionOffsets p = partitions.get(tp);
        return p == null ? -1 : p.watermark();
    }
}
