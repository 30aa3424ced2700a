package io.streamz4j.transport.kafka;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The commit position is the contiguous low watermark of finished units, whatever order they
 * finish in (streamz's from_kafka_batched commits each batch's end as its count drops, so a later
 * batch could commit past an earlier unfinished one: these tests would fail against that rule).
 */
class PartitionOffsetsTest {

    @Test
    void nothingEmittedHasNoPosition() {
        PartitionOffsets p = new PartitionOffsets();
        assertEquals(-1, p.watermark());
        assertEquals(-1, p.commitPosition());
    }

    @Test
    void laterUnitFinishingFirstDoesNotMoveThePositionPastAnEarlierOne() {
        PartitionOffsets p = new PartitionOffsets();
        long a = p.emitted(10, 10);
        long b = p.emitted(11, 11);
        long c = p.emitted(12, 12);
        p.finished(c);
        assertEquals(10, p.watermark());
        p.finished(b);
        assertEquals(10, p.watermark());
        p.finished(a);
        assertEquals(13, p.watermark());
    }

    @Test
    void earlierUnitsFinishingMoveThePositionUpToTheFirstUnfinished() {
        PartitionOffsets p = new PartitionOffsets();
        long a = p.emitted(0, 0);
        long b = p.emitted(1, 1);
        p.emitted(2, 2);
        p.finished(a);
        assertEquals(1, p.watermark());
        p.finished(b);
        assertEquals(2, p.watermark());
    }

    @Test
    void gapsBetweenOffsetsAreNotAssumedToExist() {
        PartitionOffsets p = new PartitionOffsets();
        long a = p.emitted(5, 5);
        long b = p.emitted(9, 9); // 6..8 compacted away
        p.finished(a);
        assertEquals(9, p.watermark());
        p.finished(b);
        assertEquals(10, p.watermark());
    }

    @Test
    void batchesCountAsOneUnitCoveringTheirOffsets() {
        PartitionOffsets p = new PartitionOffsets();
        long first = p.emitted(0, 99);
        long second = p.emitted(100, 199);
        p.finished(second);
        assertEquals(0, p.watermark());
        p.finished(first);
        assertEquals(200, p.watermark());
    }

    @Test
    void commitPositionOnlyWhenItMoved() {
        PartitionOffsets p = new PartitionOffsets();
        long a = p.emitted(0, 0);
        assertEquals(0, p.commitPosition());
        assertEquals(-1, p.commitPosition());
        p.finished(a);
        assertEquals(1, p.commitPosition());
        assertEquals(-1, p.commitPosition());
    }

    @Test
    void finishingTwiceOrAfterForgettingChangesNothing() {
        PartitionOffsets p = new PartitionOffsets();
        long a = p.emitted(0, 0);
        long b = p.emitted(1, 1);
        p.finished(a);
        p.finished(a);
        assertEquals(1, p.watermark());
        p.forget();
        p.finished(b);
        assertEquals(1, p.watermark());
    }

    @Test
    void theRingGrowsKeepingUnfinishedUnits() {
        PartitionOffsets p = new PartitionOffsets();
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            seqs.add(p.emitted(i, i));
        }
        for (int i = 999; i >= 1; i--) {
            p.finished(seqs.get(i));
        }
        assertEquals(0, p.watermark());
        assertEquals(1000, p.inFlight());
        p.finished(seqs.get(0));
        assertEquals(1000, p.watermark());
        assertEquals(0, p.inFlight());
    }

    @Test
    void completionsFromManyThreadsEndAtTheLastOffset() throws Exception {
        PartitionOffsets p = new PartitionOffsets();
        int n = 20_000;
        long[] seqs = new long[n];
        for (int i = 0; i < n; i++) {
            seqs[i] = p.emitted(2L * i, 2L * i);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < 4; t++) {
            int from = t;
            pool.submit(() -> {
                go.await();
                for (int i = n - 1 - from; i >= 0; i -= 4) {
                    p.finished(seqs[i]);
                }
                return null;
            });
        }
        go.countDown();
        pool.shutdown();
        assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
        assertEquals(2L * (n - 1) + 1, p.watermark());
    }

    @Test
    void trackerForgetsRevokedPartitionsAndStartsReassignedOnesAfresh() {
        OffsetTracker tracker = new OffsetTracker();
        TopicPartition tp = new TopicPartition("t", 0);
        tracker.assigned(List.of(tp));
        PartitionOffsets before = tracker.partition(tp);
        long a = before.emitted(0, 0);
        tracker.forget(List.of(tp));
        tracker.assigned(List.of(tp));
        before.finished(a); // a late completion from the previous assignment
        assertEquals(-1, tracker.watermark(tp));
        assertEquals(Map.of(), tracker.toCommit());
        long b = tracker.partition(tp).emitted(7, 7);
        tracker.partition(tp).finished(b);
        assertEquals(8, tracker.toCommit().get(tp).offset());
    }
}
