package io.streamz4j.bench.window;

import io.streamz4j.Stream;
import io.streamz4j.frame.DataFrame;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The same pipelines as {@link FrameWindowBenchmark}, timed frame by frame and reported as the
 * fastest, 10th-percentile and median frame in ns per row: on the shared 2-core machine, where
 * other sessions' builds make JMH's mean throughput swing by ±50% or more, the fastest frames are
 * what the code costs when it has a core to itself (JMH's sample mode rounds a 10,000-row frame
 * to whole ns per row). Run: {@code java --add-opens=java.base/java.nio=ALL-UNNAMED --add-modules=jdk.incubator.vector -cp
 * bench/target/benchmarks.jar io.streamz4j.bench.window.FrameWindowFloor rolling|groupby|mean
 * [window] [frames]}.
 *
 * <p>Thread safety: single-threaded.
 */
public final class FrameWindowFloor {
    private FrameWindowFloor() {
    }

    public static void main(String[] args) {
        String pipeline = args.length > 0 ? args[0] : "rolling";
        int window = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        int timed = args.length > 2 ? Integer.parseInt(args[2]) : 5000;
        try (BufferAllocator allocator = new RootAllocator()) {
            Schema schema = FrameWindowBenchmark.schema();
            List<Frame> frames = new ArrayList<>();
            String[] names = {"Alice", "Bob", "Charlie", "Dan", "Edith", "Frank", "George", "Hannah", "Ingrid",
                "Jerry"};
            SplittableRandom r = new SplittableRandom(1);
            for (int f = 0; f < FrameWindowBenchmark.FRAMES; f++) {
                List<Object[]> rows = new ArrayList<>(FrameWindowBenchmark.ROWS);
                for (int i = 0; i < FrameWindowBenchmark.ROWS; i++) {
                    rows.add(new Object[] {names[r.nextInt(names.length)], r.nextDouble() * 1000, (long) i});
                }
                frames.add(Frame.fromRows(schema, rows, allocator));
            }
            DataFrame df = DataFrame.create(schema, allocator);
            long[] seen = new long[1];
            Stream<?> sink;
            switch (pipeline) {
                case "rolling":
                    sink = df.rolling(1000).col("amount").mean().stream().sink(x -> seen[0]++);
                    break;
                case "groupby":
                    sink = df.window(window).groupby("name").col("amount").sum().sink(x -> seen[0]++);
                    break;
                case "mean":
                    sink = df.window(window).col("amount").mean().sink(x -> seen[0]++);
                    break;
                default:
                    throw new IllegalArgumentException("pipeline must be rolling, groupby or mean, got " + pipeline);
            }
            for (int k = 0; k < 3000; k++) {
                df.emit(frames.get(k & (FrameWindowBenchmark.FRAMES - 1)));
            }
            long[] nanos = new long[timed];
            for (int k = 0; k < timed; k++) {
                long start = System.nanoTime();
                df.emit(frames.get(k & (FrameWindowBenchmark.FRAMES - 1)));
                nanos[k] = System.nanoTime() - start;
            }
            Arrays.sort(nanos);
            double rows = FrameWindowBenchmark.ROWS;
            System.out.printf("%s window=%d: fastest %.2f, p10 %.2f, median %.2f ns/row (p10: %.0f M rows/s; %d frames"
                    + " out)%n", pipeline, window, nanos[0] / rows, nanos[timed / 10] / rows, nanos[timed / 2] / rows,
                    rows / nanos[timed / 10] * 1e3, seen[0]);
            // collect the chain before destroying: a destroyed node forgets its upstream
            List<Stream<?>> chain = new ArrayList<>();
            for (Stream<?> n = sink; n != null; n = n.upstream()) {
                chain.add(n);
            }
            chain.forEach(Stream::destroy);
            frames.forEach(Frame::release);
        }
    }
}
