package io.streamz4j.bench.frame;

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
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Streaming DataFrame kernels on 10,000-row batches (name STRING of 10 values, x DOUBLE, i LONG),
 * each emitted batch updating a running result, as bench/compare-pandas times streamz + pandas on
 * the same shape. Scores are rows per second (one operation = one row). {@link #doubleArraySum}
 * is the floor: a plain {@code double[]} loop over the same number of values, against which
 * {@link #columnSum} (the Arrow column kernel) is compared.
 *
 * <p>The fork gets Arrow's {@code --add-opens} (and Chronicle's analytics switch, as
 * {@code streamz4j.jvm.flags} in the root pom), so the jar runs with no extra flags; a
 * command-line {@code -jvmArgsAppend} replaces these.
 *
 * <p>Thread safety: one JMH thread per state.
 */
@State(Scope.Thread)
@Fork(value = 1, jvmArgsAppend = {"-Dchronicle.analytics.disable=true", "--add-opens=java.base/java.nio=ALL-UNNAMED"})
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@OperationsPerInvocation(FrameBenchmark.ROWS)
public class FrameBenchmark {
    static final int ROWS = 10_000;

    private BufferAllocator allocator;
    private Frame frame;
    private double[] plain;
    private DataFrame filterSum;
    private DataFrame groupSum;
    private DataFrame groupMean;
    private DataFrame cumsum;
    private DataFrame columnSum;

    @Setup(Level.Trial)
    public void setUp(Blackhole bh) {
        allocator = new RootAllocator();
        Schema schema = Schema.builder().add("name", ColumnType.STRING).add("x", ColumnType.DOUBLE)
                .add("i", ColumnType.LONG).build();
        Random random = new Random(1);
        List<Object[]> rows = new ArrayList<>(ROWS);
        plain = new double[ROWS];
        for (int r = 0; r < ROWS; r++) {
            double x = random.nextDouble() * 200 - 100;
            plain[r] = x;
            rows.add(new Object[] {"name" + random.nextInt(10), x, (long) random.nextInt(1000)});
        }
        frame = Frame.fromRows(schema, rows, allocator);

        filterSum = DataFrame.create(schema, allocator);
        filterSum.where(filterSum.col("x").gt(0.0)).col("x").sum().sink(bh::consume);
        groupSum = DataFrame.create(schema, allocator);
        groupSum.groupby("name").col("x").sum().sink(bh::consume);
        groupMean = DataFrame.create(schema, allocator);
        groupMean.groupby("name").col("x").mean().sink(bh::consume);
        cumsum = DataFrame.create(schema, allocator);
        cumsum.col("x").cumsum().stream().sink(f -> bh.consume(f.rows()));
        columnSum = DataFrame.create(schema, allocator);
        columnSum.col("x").sum().sink(bh::consume);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        frame.release();
        allocator.close();
    }

    /** {@code sdf[sdf.x > 0].x.sum()}. */
    @Benchmark
    public void filterSum() {
        filterSum.emit(frame);
    }

    /** {@code sdf.groupby('name').x.sum()}. */
    @Benchmark
    public void groupbySum() {
        groupSum.emit(frame);
    }

    /** {@code sdf.groupby('name').x.mean()}. */
    @Benchmark
    public void groupbyMean() {
        groupMean.emit(frame);
    }

    /** {@code sdf.x.cumsum()}: a new 10,000-row frame per batch. */
    @Benchmark
    public void cumsum() {
        cumsum.emit(frame);
    }

    /** {@code sdf.x.sum()}: the column kernel over the Arrow buffer. */
    @Benchmark
    public void columnSum() {
        columnSum.emit(frame);
    }

    /** The floor: the same values summed from a plain double[] with four accumulators. */
    @Benchmark
    public double doubleArraySum() {
        double[] v = plain;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = 0;
        for (; i + 3 < v.length; i += 4) {
            s0 += v[i];
            s1 += v[i + 1];
            s2 += v[i + 2];
            s3 += v[i + 3];
        }
        for (; i < v.length; i++) {
            s0 += v[i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
