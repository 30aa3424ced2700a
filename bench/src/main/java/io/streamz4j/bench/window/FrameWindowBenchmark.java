package io.streamz4j.bench.window;

import io.streamz4j.Stream;
import io.streamz4j.frame.ColumnType;
import io.streamz4j.frame.DataFrame;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Windows and rolling over 10,000-row frames: {@code window(n).amount.mean},
 * {@code window(n).groupby(name).amount.sum} and {@code rolling(1000).amount.mean}, one frame
 * emitted per operation, reported per row ({@code @OperationsPerInvocation}), so the score is rows
 * per second. The window length is a parameter: the cost per frame of sum/mean should not depend
 * on it. bench/compare-frame-windows times the same pipelines in streamz + pandas.
 *
 * <p>Thread safety: JMH runs each benchmark on one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-modules=jdk.incubator.vector",
    "-Dchronicle.analytics.disable=true"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FrameWindowBenchmark {
    static final int ROWS = 10_000;
    static final int FRAMES = 16;
    private static final String[] NAMES = {"Alice", "Bob", "Charlie", "Dan", "Edith", "Frank", "George", "Hannah",
        "Ingrid", "Jerry"};

    @Param({"100000"})
    public int window;

    private BufferAllocator allocator;
    private final List<Frame> frames = new ArrayList<>();
    private DataFrame windowMean;
    private DataFrame windowGroupbySum;
    private DataFrame rollingMean;
    private final List<Stream<?>> nodes = new ArrayList<>();
    private Blackhole sink;
    private int next;

    /** The same schema and data as compare-frame-windows: name (10 values), amount uniform in [0, 1000), id. */
    static Schema schema() {
        return Schema.builder().add("name", ColumnType.STRING).add("amount", ColumnType.DOUBLE)
                .add("id", ColumnType.LONG).build();
    }

    @Setup(Level.Trial)
    public void setUp(Blackhole bh) {
        sink = bh;
        allocator = new RootAllocator();
        Schema schema = schema();
        SplittableRandom r = new SplittableRandom(1);
        for (int f = 0; f < FRAMES; f++) {
            List<Object[]> rows = new ArrayList<>(ROWS);
            for (int i = 0; i < ROWS; i++) {
                rows.add(new Object[] {NAMES[r.nextInt(NAMES.length)], r.nextDouble() * 1000, (long) i});
            }
            frames.add(Frame.fromRows(schema, rows, allocator));
        }
        windowMean = DataFrame.create(schema, allocator);
        nodes.add(windowMean.window(window).col("amount").mean().sink(bh::consume));
        windowGroupbySum = DataFrame.create(schema, allocator);
        nodes.add(windowGroupbySum.window(window).groupby("name").col("amount").sum().sink(bh::consume));
        rollingMean = DataFrame.create(schema, allocator);
        nodes.add(rollingMean.rolling(1000).col("amount").mean().stream().sink(bh::consume));
    }

    private Frame nextFrame() {
        next = (next + 1) & (FRAMES - 1);
        return frames.get(next);
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void windowMean() {
        windowMean.emit(nextFrame());
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void windowGroupbySum() {
        windowGroupbySum.emit(nextFrame());
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void rollingMean() {
        rollingMean.emit(nextFrame());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        // collect each chain before destroying: a destroyed node forgets its upstream
        List<Stream<?>> chain = new ArrayList<>();
        for (Stream<?> s : nodes) {
            for (Stream<?> n = s; n != null; n = n.upstream()) {
                chain.add(n);
            }
        }
        chain.forEach(Stream::destroy);
        frames.forEach(Frame::release);
        allocator.close();
    }
}
