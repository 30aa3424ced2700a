package io.streamz4j.frame.periodic;

import io.streamz4j.Stream;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.DataFrame;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import io.streamz4j.runtime.EventLoop;
import io.streamz4j.runtime.ManualClock;
import io.streamz4j.runtime.WaitStrategy;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PeriodicDataFrame and the Random source on a loop over a {@link ManualClock}: a poll happens
 * only when the test moves the clock past the interval, so nothing sleeps. Mirrors
 * test_dataframes.py::test_random_source2 and the PeriodicDataFrame docs (datafn given last, now
 * and keyword parameters); the allocator's close proves every frame was released.
 */
class PeriodicDataFrameTest {
    private static final AtomicInteger LOOPS = new AtomicInteger();
    private final ManualClock clock = new ManualClock();
    private final String loopName = "periodic-test-" + LOOPS.incrementAndGet();
    private final EventLoop loop = EventLoop.create(loopName, clock, WaitStrategy.BLOCKING);
    private final BufferAllocator allocator = new RootAllocator();
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        loop.close();
        allocator.close();
    }

    /** Waits until the loop has run everything due now (two hops through its inbox). */
    private void caughtUp() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        loop.execute(() -> loop.execute(done::countDown));
        assertTrue(done.await(10, TimeUnit.SECONDS), "loop " + loopName + " did not catch up");
    }

    private void tick(Duration d) throws InterruptedException {
        clock.advance(d);
        caughtUp();
    }

    /** Mirrors test_dataframes.py::test_random_source2 (freq 10ms, interval 100ms, five intervals). */
    @Test
    void test_random_source2() throws Exception {
        RandomFrames source = new RandomFrames(Duration.ofMillis(10), Duration.ofMillis(100), 7, allocator, loop, true);
        closing.add(source);
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        List<Map<String, Object>> firstRows = new CopyOnWriteArrayList<>();
        Stream<?> sink = source.dataframe().stream().sink(f -> {
            sizes.add(f.rows());
            firstRows.add(f.toRecords().get(0));
        });
        caughtUp();
        for (int i = 0; i < 5; i++) {
            tick(Duration.ofMillis(100));
        }
        assertTrue(2 < sizes.size() && sizes.size() < 8, "frames: " + sizes);
        assertTrue(sizes.stream().allMatch(n -> 2 < n && n < 25), "rows per frame: " + sizes);
        for (Map<String, Object> row : firstRows) {
            double x = (Double) row.get("x");
            assertTrue(x >= 0 && x < 1, "x is uniform in [0, 1): " + row);
            assertTrue((Long) row.get("y") >= 0, "y is a Poisson count: " + row);
        }
        // source.x and source.rolling('10s') are available on the frames
        DataFrame df = source.dataframe();
        df.col("x");
        df.rolling("10s");
        sink.destroy();
    }

    /** The datafn gets last, now (exactly one interval apart on the manual clock) and the keyword parameters. */
    @Test
    void datafnGetsLastNowAndKeywordParameters() throws Exception {
        Schema schema = Schema.builder().add("a", ColumnType.DOUBLE).index("time", ColumnType.TIMESTAMP).build();
        List<Duration> gaps = new CopyOnWriteArrayList<>();
        List<Object> scales = new CopyOnWriteArrayList<>();
        DataFn fn = (Instant last, Instant now, Map<String, Object> kwargs, BufferAllocator a) -> {
            gaps.add(Duration.between(last, now));
            scales.add(kwargs.get("scale"));
            return Frame.fromRows(schema, List.<Object[]>of(new Object[] {(Double) kwargs.get("scale"), now}), a);
        };
        PeriodicDataFrame p = new PeriodicDataFrame(fn, Duration.ofSeconds(1), Map.of("scale", 2.5), schema, allocator,
                loop, true);
        closing.add(p);
        List<Number> sums = p.dataframe().col("a").sum().sinkToList();
        caughtUp();
        assertEquals(List.of(), sums, "the first call comes one interval after start, as in streamz");
        tick(Duration.ofSeconds(1));
        tick(Duration.ofSeconds(1));
        tick(Duration.ofSeconds(1));
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)), gaps);
        assertEquals(List.of(2.5, 2.5, 2.5), scales);
        assertEquals(List.of(2.5, 5.0, 7.5), sums);
    }

    /** Stopping ends the polling (no more calls however far the clock moves) and the loop's thread; start resumes. */
    @Test
    void stopsCleanlyAndRestarts() throws Exception {
        RandomFrames source = new RandomFrames(Duration.ofMillis(10), Duration.ofMillis(100), 1, allocator, loop, true);
        closing.add(source);
        List<Integer> sizes = new CopyOnWriteArrayList<>();
        Stream<?> sink = source.dataframe().stream().sink(f -> sizes.add(f.rows()));
        caughtUp();
        tick(Duration.ofMillis(100));
        assertEquals(1, sizes.size());
        source.stop();
        assertTrue(source.isStopped());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!threads().isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(List.of(), threads(), "the loop thread ends once the stopped source let go of it");
        clock.advance(Duration.ofSeconds(5));
        assertEquals(1, sizes.size(), "no call after stop");
        source.start();
        caughtUp();
        tick(Duration.ofMillis(100));
        assertEquals(2, sizes.size());
        assertEquals(10, sizes.get(1), "after a restart, last is the restart's time");
        sink.destroy();
    }

    private List<String> threads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("streamz4j-loop-" + loopName))
                .map(Thread::getName).toList();
    }

    @Test
    void badArgumentsAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RandomFrames(Duration.ZERO,
                Duration.ofMillis(100), 1, allocator, loop, false)).getMessage().contains("freq"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new PeriodicDataFrame((l, n, k, a) -> null,
                Duration.ZERO, Map.of(), RandomFrames.schema(), allocator, loop, false)).getMessage()
                .contains("interval"));
    }
}
