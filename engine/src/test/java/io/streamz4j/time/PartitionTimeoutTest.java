package io.streamz4j.time;

import static io.streamz4j.ThreadSafeSink.collect;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.streamz4j.Await;
import io.streamz4j.Metadata;
import io.streamz4j.RefCounter;
import io.streamz4j.Stream;
import io.streamz4j.runtime.EventLoop;
import io.streamz4j.runtime.ManualClock;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * partition with a timeout: ports of streamz 0.6.4's {@code test_partition_timeout},
 * {@code test_partition_timeout_cancel} and {@code test_partition_size_one}, driven by a
 * {@link ManualClock} where streamz sleeps, plus the references a timed partition holds.
 */
class PartitionTimeoutTest {
    private final ManualTimeLoop time = new ManualTimeLoop("partition-test");
    private final EventLoop loop = time.loop;
    private final Stream<Integer> source = time.source("partition");

    @AfterEach
    void tearDown() {
        time.close();
    }

    @Test
    void partitionTimeout() {
        // mirrors streamz tests/test_core.py::test_partition_timeout
        List<List<Integer>> l = collect(source.partition(10, Duration.ofMillis(10)));

        for (int i = 0; i < 5; i++) {
            source.emit(i);
        }
        Await.loopCaughtUp(loop);
        assertEquals(List.of(), l);   // not due before the timeout

        time.advance(100);   // sleep(0.1)

        assertEquals(List.of(List.of(0, 1, 2, 3, 4)), l);
    }

    @Test
    void partitionTimeoutCancel() {
        // mirrors streamz tests/test_core.py::test_partition_timeout_cancel
        List<List<Integer>> l = collect(source.partition(3, Duration.ofMillis(100)));

        for (int i = 0; i < 3; i++) {
            source.emit(i);
        }

        time.advance(90);
        source.emit(3);
        time.advance(20);

        // The full partition cancelled its timer: at 100 ms nothing fired for (3,), whose own
        // timer runs from 90 ms.
        assertEquals(List.of(List.of(0, 1, 2)), l);

        time.advance(90);

        assertEquals(List.of(List.of(0, 1, 2), List.of(3)), l);
    }

    @Test
    void partitionTimeoutStartsAtAPartitionsFirstElement() {
        List<List<Integer>> l = collect(source.partition(3, Duration.ofMillis(100)));
        source.emit(0);
        time.advance(60);
        source.emit(1);
        time.advance(39);
        assertEquals(List.of(), l);
        time.advance(1);
        assertEquals(List.of(List.of(0, 1)), l);
    }

    @Test
    void partitionSizeOne() {
        // mirrors streamz tests/test_core.py::test_partition_size_one
        List<List<Integer>> l = collect(source.partition(1, Duration.ofMillis(10)));

        for (int i = 0; i < 10; i++) {
            source.emit(i);
        }
        Await.loopCaughtUp(loop);
        time.advance(100);   // no timer was left behind to fire an empty or repeated partition
        assertEquals(List.of(List.of(0), List.of(1), List.of(2), List.of(3), List.of(4), List.of(5), List.of(6),
                List.of(7), List.of(8), List.of(9)), l);
    }

    @Test
    void partitionTimeoutRunsOnTheLoop() {
        List<String> threads = new CopyOnWriteArrayList<>();
        source.partition(2, Duration.ofMillis(10)).sink(x -> threads.add(Thread.currentThread().getName()));
        source.emit(0);
        source.emit(1);   // a full partition
        source.emit(2);
        time.advance(10);      // a timed-out one
        assertEquals(List.of("streamz4j-loop-partition-test", "streamz4j-loop-partition-test"), threads);
    }

    @Test
    void partitionTimeoutRefCounts() {
        AtomicInteger zeros = new AtomicInteger();
        RefCounter r0 = new RefCounter(0, zeros::incrementAndGet);
        RefCounter r1 = new RefCounter(0, zeros::incrementAndGet);
        List<Integer> countsSeenDownstream = new CopyOnWriteArrayList<>();
        source.partition(3, Duration.ofMillis(10)).sink(p -> countsSeenDownstream.add(r0.count()));

        source.emit(0, Metadata.withRef(r0));
        source.emit(1, Metadata.withRef(r1));
        Await.loopCaughtUp(loop);
        assertEquals(List.of(1, 1), List.of(r0.count(), r1.count()));   // held while the partition fills
        time.advance(9);
        assertEquals(List.of(1, 1), List.of(r0.count(), r1.count()));
        assertEquals(0, zeros.get());

        time.advance(1);
        assertEquals(List.of(2), countsSeenDownstream);   // the partition's hold and the emission's
        assertEquals(List.of(0, 0), List.of(r0.count(), r1.count()));
        assertEquals(2, zeros.get());
    }

    @Test
    void partitionTimeoutWithKey() {
        List<List<Integer>> l = collect(source.partition(2, Duration.ofMillis(10), x -> x % 2));
        source.emit(0);
        source.emit(1);
        source.emit(2);   // fills the even partition
        time.advance(10);      // the odd one times out
        assertEquals(List.of(List.of(0, 2), List.of(1)), l);
    }
}
