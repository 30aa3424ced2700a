package io.streamz4j.checkpoint;

import io.streamz4j.Arguments;
import net.openhft.chronicle.core.time.SystemTimeProvider;
import net.openhft.chronicle.core.time.TimeProvider;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;

import java.time.Duration;

/**
 * The journal and checkpoint options every journaled source takes (an object source's builder and
 * a record ring's): how often checkpoints are stored, how the journal rolls, syncs, is trimmed and
 * guarded against a full disk, and what failures and damaged entries do. Each setter checks its
 * argument as the builders document it, naming {@code node}; the builders hand their calls here.
 *
 * <p>Thread safety: none; used by one builder on one thread.
 */
final class JournalOptions {
    private final String node;
    Duration checkpointInterval = Duration.ofMillis(100);
    RollCycle rollCycle = RollCycles.FAST_DAILY;
    TimeProvider timeProvider = SystemTimeProvider.INSTANCE;
    Retention retention = Retention.deleteBelowCheckpoint(0);
    long minFreeDiskBytes = 64L << 20;
    JournalSync sync = JournalSync.BATCH;
    FailurePolicy failurePolicy = FailurePolicy.deadLetter();
    DamagedEntryPolicy damagedEntries = DamagedEntryPolicy.DEAD_LETTER;

    JournalOptions(String node) {
        this.node = node;
    }

    void checkpointInterval(Duration interval) {
        Arguments.requireNonNull(interval, node, "checkpointInterval");
        if (interval.isNegative()) {
            throw new IllegalArgumentException(node + ": parameter 'checkpointInterval' must not be negative, got "
                    + interval);
        }
        this.checkpointInterval = interval;
    }

    void rollCycle(RollCycle cycle) {
        this.rollCycle = Arguments.requireNonNull(cycle, node, "rollCycle");
    }

    void timeProvider(TimeProvider time) {
        this.timeProvider = Arguments.requireNonNull(time, node, "timeProvider");
    }

    void retention(Retention policy) {
        this.retention = Arguments.requireNonNull(policy, node, "retention");
    }

    void minFreeDiskBytes(long bytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException(node + ": parameter 'minFreeDiskBytes' must not be negative, got "
                    + bytes);
        }
        this.minFreeDiskBytes = bytes;
    }

    void journalSync(JournalSync policy) {
        this.sync = Arguments.requireNonNull(policy, node, "journalSync");
    }

    void failurePolicy(FailurePolicy policy) {
        this.failurePolicy = Arguments.requireNonNull(policy, node, "failurePolicy");
    }

    void damagedEntries(DamagedEntryPolicy policy) {
        this.damagedEntries = Arguments.requireNonNull(policy, node, "damagedEntries");
    }
}
