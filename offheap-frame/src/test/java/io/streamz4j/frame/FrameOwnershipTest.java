package io.streamz4j.frame;

import io.streamz4j.frame.node.FrameRefs;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Frames crossing engine nodes that hold elements (sliding_window, buffer) stay alive while held
 * and are freed after, by the metadata refs of {@link FrameRefs}; {@link RetainedFrames} keeps
 * frames past their emit. Checked with the allocator's accounting; every test closes its
 * allocator, which fails on a leak.
 */
class FrameOwnershipTest {
    private final BufferAllocator allocator = new RootAllocator();
    private final Schema xy = Schema.builder().add("x", ColumnType.LONG).add("y", ColumnType.LONG).build();

    @AfterEach
    void closeAllocator() {
        allocator.close();
    }

    private Frame frame(long x) {
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {x, x * 10});
        return Frame.fromRows(xy, rows, allocator);
    }

    @Test
    void aFrameInASlidingWindowLivesWhileHeldAndIsFreedAfter() {
        DataFrame sdf = DataFrame.create(xy, allocator);
        List<Long> windowSums = new ArrayList<>();
        sdf.stream().slidingWindow(3).sink(w -> {
            long s = 0;
            for (Frame f : w) {
                s += f.column("x").getLong(0);
            }
            windowSums.add(s);
        });
        Frame a = frame(1);
        Frame b = frame(2);
        Frame c = frame(3);
        sdf.emit(a);
        a.release(); // the caller's own reference: from here only the window holds the frame
        assertEquals(1, a.refCount(), "held by the window through its metadata ref");
        sdf.emit(b);
        b.release();
        assertEquals(1, a.refCount(), "still in the window [a, b]");
        long threeFrames = allocator.getAllocatedMemory(); // a, b and c (made up front)
        sdf.emit(c);
        c.release();
        assertEquals(0, a.refCount(), "the full window [a, b, c] went out and a will not be in another: freed");
        assertTrue(allocator.getAllocatedMemory() < threeFrames, "a's memory went back to the allocator");
        assertEquals(List.of(1L, 3L, 6L), windowSums, "every window read its frames while they were alive");
        assertEquals(1, b.refCount());
        assertEquals(1, c.refCount());
        // The window keeps its last n - 1 elements for good, as streamz's does; drop them so the
        // allocator's close checks that nothing else leaked.
        b.release();
        c.release();
    }

    @Test
    void aNewFrameCrossingABufferIsAliveUntilTheConsumerIsDone() throws InterruptedException {
        DataFrame sdf = DataFrame.create(xy, allocator);
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(2);
        List<Long> seen = new CopyOnWriteArrayList<>();
        sdf.assign("z", sdf.col("x").plus(sdf.col("y"))).stream().buffer(4).sink(f -> {
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            seen.add(f.column("z").getLong(0));
            done.countDown();
        });
        try (Frame a = frame(1); Frame b = frame(2)) {
            sdf.emit(a);
            sdf.emit(b);
        }
        assertTrue(allocator.getAllocatedMemory() > 0, "the frames in the buffer are still allocated");
        go.countDown();
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(List.of(11L, 22L), seen);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (allocator.getAllocatedMemory() > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // the consumer releases right after the sink returns
        }
        assertEquals(0, allocator.getAllocatedMemory(), "freed once the buffer's consumer let go");
        sdf.stream().destroy();
    }

    @Test
    void retainedFramesOutliveTheirEmitUntilClosed() {
        DataFrame sdf = DataFrame.create(xy, allocator);
        RetainedFrames kept = RetainedFrames.collect(sdf.col("x").times(3L).stream());
        try (Frame a = frame(1); Frame b = frame(2)) {
            sdf.emit(a);
            sdf.emit(b);
        }
        assertEquals(2, kept.frames().size());
        assertEquals(6L, kept.frames().get(1).column(0).getLong(0), "readable after the emit returned");
        assertTrue(allocator.getAllocatedMemory() > 0);
        kept.close();
        assertEquals(0, allocator.getAllocatedMemory());
        assertTrue(kept.frames().isEmpty());
    }
}
