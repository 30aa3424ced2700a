package io.streamz4j.transport.kafka;

import io.streamz4j.Metadata;
import io.streamz4j.RefCounter;
import io.streamz4j.Source;
import io.streamz4j.runtime.internal.Failures;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * The poll loop shared by {@code from_kafka} and {@code from_kafka_batched}: one
 * {@link KafkaConsumer} in a consumer group, on the source's own thread
 * {@code streamz4j-<name>-kafka}, which polls, emits what it polled (so the pipeline below runs on
 * it and a slow pipeline slows the polling: back pressure with nothing queued), commits and runs
 * the rebalance callbacks, since the consumer is single threaded. Elements carry a
 * {@link RefCounter}; when an element is done with, its offsets are marked finished in an
 * {@link OffsetTracker}, and the commit names each partition's contiguous low watermark, never
 * passing a record still in flight or one a node failed on: at least once, a crash redelivers what
 * was not finished.
 *
 * <p>Commits: asynchronous every {@code commitInterval}; synchronous for the revoked partitions when
 * a rebalance takes them away (what is finished is kept, the rest goes to the next owner; later
 * completions for them are ignored), and at stop. Lost partitions (the group moved on without this
 * consumer) are forgotten without a commit. A pipeline holding the poll thread longer than
 * {@code max.poll.interval.ms} (default 5 min) on one poll's records makes the group drop this
 * consumer: raise it, or lower {@code max.poll.records}, for slow pipelines.
 *
 * <p>Errors (poll, commit, a record that cannot be deserialized, which is skipped) go to the
 * pipeline's error handler ({@link #reportFailure}) and are logged; the loop goes on. A node failing
 * on an element leaves its references held: its offsets are not committed past.
 *
 * <p>Thread safety: {@link #start()} and {@link #stop()} from any thread. Each start makes a new
 * consumer (subscribed on the starting thread, so a bad config fails the start) and a new thread;
 * stop wakes the consumer, waits for the element being emitted, the final commit and the close, and
 * returns with the thread ended (called from the poll thread itself, the loop ends after the current
 * poll's records). In invoker mode too the loop has a thread of its own, since a poll blocks. Holds
 * the consumer and the offsets of the records in flight.
 *
 * @param <K> record keys
 * @param <V> record values
 * @param <T> what the source emits
 */
abstract class KafkaSource<K, V, T> extends Source<T> {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaSource.class);
    private static final long JOIN_MILLIS = 60_000;

    private final String kind;
    private final List<String> topics;
    private final Map<String, Object> config;
    private final Duration pollInterval;
    private final long commitIntervalNanos;
    private final Object lifecycle = new Object();
    /** The poll loop of the current start; null while stopped. Written under lifecycle. */
    private volatile PollLoop current;

    /**
     * A source {@code kind} (its streamz name, used in errors) reading {@code topics} with the
     * consumer {@code config}, polling for up to {@code pollInterval} and committing every
     * {@code commitInterval}.
     */
    protected KafkaSource(String kind, Collection<String> topics, Map<String, ?> config, Duration pollInterval,
            Duration commitInterval) {
        super(null);
        this.kind = kind;
        this.topics = ConsumerConfigs.topics(kind, topics);
        this.config = ConsumerConfigs.consumer(kind, config);
        this.pollInterval = KafkaSourceOptions.positive(kind, "pollInterval", pollInterval);
        if (commitInterval == null || commitInterval.isNegative()) {
            throw new IllegalArgumentException(
                    kind + ": parameter 'commitInterval' must be zero or positive, got " + commitInterval);
        }
        this.commitIntervalNanos = commitInterval.toNanos();
    }

    /**
     * Emits the records of one poll, on the poll thread, each unit with {@link #emitTracked} after
     * noting it in {@code loop}'s tracker; returns early (the rest is redelivered later) once
     * {@link #isStopped()} turns true.
     */
    abstract void emitPolled(ConsumerRecords<K, V> records, PollLoop loop);

    /**
     * Emits {@code x} with {@code ref} (made with {@link #unitDone}) in its metadata, then drops the
     * source's own reference; a failure below is reported and keeps the reference, so the unit never
     * counts as finished. Then commits if a commit is due: one poll's records may take long to
     * process, and committing only between polls would leave all of them to be redone after a crash.
     */
    final void emitTracked(T x, RefCounter ref, PollLoop loop) {
        List<Map<String, Object>> metadata = Metadata.withRef(ref);
        try {
            emit(x, metadata);
            ref.release();
        } catch (RuntimeException | Error e) {
            Failures.caught(kind, this, x, metadata, e);
        }
        loop.commitIfDue();
    }

    /** What marks unit {@code sequence} of {@code offsets} finished, for the element's counter. */
    static Runnable unitDone(PartitionOffsets offsets, long sequence) {
        return () -> offsets.finished(sequence);
    }

    @Override
    protected void launch() {
        synchronized (lifecycle) {
            if (!launchGoesOn()) {
                return;
            }
            PollLoop loop = new PollLoop(new KafkaConsumer<>(config));
            try {
                loop.consumer.subscribe(topics, loop);
            } catch (RuntimeException e) {
                loop.consumer.close(Duration.ZERO);
                throw e;
            }
            loop.thread = pipelineThreads().newThread("streamz4j-" + pipelineName() + "-kafka", loop);
            current = loop;
            loop.thread.start();
        }
    }

    @Override
    protected void run() {
        throw new UnsupportedOperationException(kind + " polls on its own thread");
    }

    /**
     * Ends the poll loop: the consumer is woken, the element being emitted finishes, what is finished
     * is committed, the consumer is closed and the thread ends before this returns (unless called
     * on the poll thread itself).
     */
    @Override
    public void stop() {
        PollLoop stopping;
        synchronized (lifecycle) {
            super.stop();
            stopping = current;
            current = null;
            if (stopping == null) {
                return;
            }
            stopping.stopping = true;
            stopping.consumer.wakeup();
        }
        if (stopping.thread == Thread.currentThread()) {
            return;
        }
        try {
            stopping.thread.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (stopping.thread.isAlive()) {
            LOG.warn("{} did not end {} ms after stop() was called; not waiting for it any longer",
                    stopping.thread.getName(), JOIN_MILLIS);
        }
    }

    @Override
    protected void onDestroy() {
        stop();
    }

    @Override
    protected Object downstreamDomain() {
        return this; // the nodes below run on the poll thread
    }

    @Override
    protected String kind() {
        return kind;
    }

    /**
     * One start's consumer, tracker and thread. Touched on its own thread only, but for
     * {@link #stopping} and the consumer's {@code wakeup()}, which {@link KafkaSource#stop()} calls.
     */
    final class PollLoop implements Runnable, ConsumerRebalanceListener {
        final KafkaConsumer<K, V> consumer;
        final OffsetTracker tracker = new OffsetTracker();
        Thread thread;
        volatile boolean stopping;
        private long nextCommit;

        PollLoop(KafkaConsumer<K, V> consumer) {
            this.consumer = consumer;
        }

        @Override
        public void run() {
            nextCommit = System.nanoTime() + commitIntervalNanos;
            try {
                while (!stopping) {
                    pollOnce();
                }
            } finally {
                List<TopicPartition> assigned = List.copyOf(tracker.tracked());
                commitFinished(assigned, "at stop");
                tracker.forget(assigned); // close() revokes them again: nothing left to commit twice
                consumer.close();
            }
        }

        private void pollOnce() {
            ConsumerRecords<K, V> records;
            try {
                records = consumer.poll(pollInterval);
            } catch (WakeupException e) {
                return; // stop() woke the consumer: the loop checks stopping
            } catch (RecordDeserializationException e) {
                fail("cannot deserialize offset " + e.offset() + " of " + e.topicPartition() + "; skipping it", e);
                consumer.seek(e.topicPartition(), e.offset() + 1);
                return;
            } catch (RuntimeException e) {
                fail("poll failed", e);
                LockSupport.parkNanos(pollInterval.toNanos()); // a failure that persists is not retried in a busy loop
                return;
            }
            if (!records.isEmpty()) {
                emitPolled(records, this);
            }
            commitIfDue();
        }

        /** The offsets of the partitions assigned now. */
        OffsetTracker tracker() {
            return tracker;
        }

        /** Commits the moved watermarks asynchronously once every commit interval. */
        void commitIfDue() {
            long now = System.nanoTime();
            if (now - nextCommit < 0) {
                return;
            }
            nextCommit = now + commitIntervalNanos;
            Map<TopicPartition, OffsetAndMetadata> offsets = tracker.toCommit();
            if (!offsets.isEmpty()) {
                consumer.commitAsync(offsets, (committed, error) -> {
                    if (error != null) {
                        fail("commit of " + committed + " failed", error);
                    }
                });
            }
        }

        /** Commits what is finished of {@code partitions} and waits for it; a pending wake-up is taken once. */
        private void commitFinished(Collection<TopicPartition> partitions, String when) {
            Map<TopicPartition, OffsetAndMetadata> offsets = tracker.finishedOf(partitions);
            if (offsets.isEmpty()) {
                return;
            }
            for (int attempt = 0; attempt < 2; attempt++) {
                try {
                    consumer.commitSync(offsets);
                    return;
                } catch (WakeupException e) {
                    // stop() woke the consumer outside poll: the flag is now taken, commit again
                } catch (RuntimeException e) {
                    fail("commit of " + offsets + " " + when + " failed", e);
                    return;
                }
            }
        }

        private void fail(String what, Throwable error) {
            LOG.warn("{} {}: {}", kind, what, error.toString());
            reportFailure(null, error);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            tracker.assigned(partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commitFinished(partitions, "on revocation");
            tracker.forget(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            tracker.forget(partitions); // the group already gave them to another consumer: a commit would be refused
        }
    }
}
