package io.streamz4j.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.streamz4j.Await;
import io.streamz4j.Stream;
import io.streamz4j.runtime.EventLoop;
import io.streamz4j.runtime.ManualClock;
import io.streamz4j.runtime.WaitStrategy;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * Frames held by the engine's holding nodes are freed when the pipeline ends, whether it is
 * destroyed (what the nodes hold is dropped) or closed (time-based nodes emit what they hold
 * first, and it is read downstream while alive); and a frame kept by {@code sinkToList()} stays
 * readable until it leaves the list. Each case builds one holding operator over a DataFrame's
 * stream, emits frames (releasing the caller's reference at once, so only the pipeline holds
 * them), ends the pipeline, and checks that the allocator holds nothing; every test closes its
 * allocator, which fails on a leak. Time-based nodes run on a loop whose {@link ManualClock} never
 * moves, so they hold what they get until the pipeline ends.
 */
class HoldingNodesOverFramesTest {
    private static final Duration SECOND = Duration.ofSeconds(1);

    private final BufferAllocator allocator = new RootAllocator();
    private final Schema xy = Schema.builder().add("x", ColumnType.LONG).add("y", ColumnType.LONG).build();
    private final EventLoop loop = EventLoop.create("frames", new ManualClock(), WaitStrategy.BLOCKING);

    @AfterEach
    void closeAllocator() {
        loop.close();
        allocator.close();
    }

    /** One holding operator over frame streams {@code a} and {@code b}; {@code flushed}: close emits all of a's. */
    record Case(String name, boolean timed, BiFunction<Stream<Frame>, Stream<Frame>, Stream<?>> build,
            boolean flushed) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static long x(Frame f) {
        return f.column("x").getLong(0);
    }

    static List<Case> holdingNodes() {
        return List.of(
                new Case("sliding_window", false, (a, b) -> a.slidingWindow(3), false),
                new Case("partition", false, (a, b) -> a.partition(3), false),
                new Case("partition by key", false, (a, b) -> a.partition(3, f -> x(f) % 2), false),
                new Case("partition with a timeout", true, (a, b) -> a.partition(10, SECOND), true),
                new Case("partition by key with a timeout", true, (a, b) -> a.partition(10, SECOND, f -> x(f) % 2),
                        true),
                new Case("partition_unique", false, (a, b) -> a.partitionUnique(10), false),
                new Case("zip", false, (a, b) -> a.zip(b), false),
                new Case("combine_latest", false, (a, b) -> a.combineLatest(b), false),
                new Case("zip_latest", false, (a, b) -> a.zipLatest(b), false),
                new Case("collect", false, (a, b) -> a.collect(), false),
                new Case("latest", false, (a, b) -> a.latest(), false),
                new Case("unique", false, (a, b) -> a.unique(), false),
                new Case("buffer", false, (a, b) -> a.buffer(10), true),
                new Case("delay", true, (a, b) -> a.delay(SECOND), true),
                new Case("timed_window", true, (a, b) -> a.timedWindow(SECOND), true),
                new Case("timed_window_unique", true,
                        (a, b) -> a.timedWindowUnique(SECOND, HoldingNodesOverFramesTest::x,
                                io.streamz4j.core.PartitionUnique.Keep.LAST), true),
                new Case("rate_limit", false, (a, b) -> a.rateLimit(Duration.ofNanos(1)), true),
                new Case("sink_to_list", false, (a, b) -> {
                    a.sinkToList();
                    return a;
                }, false));
    }

    private Frame frame(long x) {
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {x, x * 10});
        return Frame.fromRows(xy, rows, allocator);
    }

    private DataFrame dataFrame(String name, boolean timed) {
        return DataFrame.of(timed ? new Stream<Frame>(name, loop) : new Stream<Frame>(name), xy, allocator);
    }

    /** Emits frames x = first, first + 1, ... into {@code df}, dropping the caller's reference to each at once. */
    private void emit(DataFrame df, long first, int n) {
        for (long x = first; x < first + n; x++) {
            Frame f = frame(x);
            df.emit(f);
            f.release();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("holdingNodes")
    void destroyingTheSourcesFreesEveryFrameTheNodeHolds(Case c) {
        DataFrame a = dataFrame("a", c.timed());
        DataFrame b = dataFrame("b", c.timed());
        c.build().apply(a.stream(), b.stream());
        emit(a, 0, 5);
        emit(b, 10, 2);
        if (c.timed()) {
            Await.loopCaughtUp(loop);
        }

        a.stream().upstream().destroy();
        b.stream().upstream().destroy();

        assertEquals(0, allocator.getAllocatedMemory(), c + ": frames left allocated after destroy");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("holdingNodes")
    void closingThePipelineFlushesWhatTimeNodesHoldAndFreesEveryFrame(Case c) {
        DataFrame a = dataFrame("a", c.timed());
        DataFrame b = dataFrame("b", c.timed());
        Stream<?> node = c.build().apply(a.stream(), b.stream());
        Stream<?> bSource = b.stream().upstream();
        List<Long> seen = new CopyOnWriteArrayList<>();
        if (node != a.stream()) {
            node.sink(out -> readFrames(out, seen)); // reads each frame as it arrives: it must be alive
        }
        emit(a, 0, 5);
        emit(b, 10, 2);

        node.close();
        bSource.destroy(); // b is part of the closed pipeline only where the node joins it

        if (c.flushed()) {
            List<Long> fromA = seen.stream().filter(x -> x < 10).sorted().toList();
            assertEquals(List.of(0L, 1L, 2L, 3L, 4L), fromA, c + ": every frame went out by the close");
        }
        assertTrue(a.stream().isDestroyed() && node.isDestroyed());
        assertEquals(0, allocator.getAllocatedMemory(), c + ": frames left allocated after close");
    }

    /** Adds the x of every frame in {@code out} (a frame, or tuples and lists of them) to {@code seen}, reading it. */
    private static void readFrames(Object out, List<Long> seen) {
        if (out instanceof Frame f) {
            seen.add(x(f));
        } else if (out instanceof Collection<?> items) {
            for (Object item : items) {
                readFrames(item, seen);
            }
        }
    }

    @Test
    void framesKeptBySinkToListStayReadableUntilTheyLeaveTheList() {
        DataFrame df = dataFrame("listed", false);
        List<Frame> kept = df.stream().sinkToList();
        emit(df, 0, 3);

        assertEquals(List.of(0L, 1L, 2L), kept.stream().map(HoldingNodesOverFramesTest::x).toList(),
                "readable after the emitting calls returned and the caller let go");
        long threeFrames = allocator.getAllocatedMemory();
        assertTrue(threeFrames > 0);
        kept.remove(0);
        assertTrue(allocator.getAllocatedMemory() < threeFrames, "a removed frame is freed");
        assertEquals(1L, x(kept.get(0)));
        kept.clear();
        assertEquals(0, allocator.getAllocatedMemory(), "clear frees the rest");

        emit(df, 5, 2);
        assertTrue(allocator.getAllocatedMemory() > 0);
        df.stream().upstream().destroy();
        assertEquals(0, allocator.getAllocatedMemory(), "destroying the pipeline frees what the list kept");
        assertTrue(kept.isEmpty(), "and takes those frames out of the list, so none is read freed");
    }
}
