package io.streamz4j.bench.window;

import io.streamz4j.Stream;
import io.streamz4j.frame.DataFrame;
import io.streamz4j.frame.Frame;
import io.streamz4j.frame.Schema;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code rolling(1000).amount.mean} timed as a whole run: a fresh pipeline per run, then every one
 * of the distinct batches emitted, the clock running from the first emit to the return of the last
 * (the sink is synchronous, so that is the last result). The batches are the ones
 * {@code bench/compare-frame-windows --whole-run} generated and timed in pandas, read from the
 * files it wrote in {@code dir} and built into frames before any clock starts, as pandas' frames
 * are: {@code names.u8} (one name code a row), {@code amount.f64} (little-endian doubles) and
 * {@code shape.txt} (batches and rows a batch); {@code id} is the row's number in its batch, as
 * there. With {@code expected.f64} (pandas' results) there, an untimed run first checks that
 * every result agrees within 1e-9 relative. Then whole runs for the warm-up seconds (3 unless
 * told, at least one run: the JIT's, as JMH's warm-up iterations; pandas gets the same), then the
 * timed runs, each printed; the last line is {@code RUNS [rows/s, ...]} for
 * bench/paired-frame-windows.
 *
 * <p>Run: {@code java --add-opens=java.base/java.nio=ALL-UNNAMED --add-modules=jdk.incubator.vector
 * -cp bench/target/benchmarks.jar io.streamz4j.bench.window.FrameWindowWholeRun dir [runs]
 * [warm-up seconds]}.
 *
 * <p>Thread safety: single-threaded.
 */
public final class FrameWindowWholeRun {
    private static final String[] NAMES = {"Alice", "Bob", "Charlie", "Dan", "Edith", "Frank", "George", "Hannah",
        "Ingrid", "Jerry"};

    private FrameWindowWholeRun() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            throw new IllegalArgumentException("FrameWindowWholeRun: parameter 'dir' (the batches'"
                    + " directory, written by compare-frame-windows --whole-run) is required");
        }
        Path dir = Path.of(args[0]);
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        double warmSeconds = args.length > 2 ? Double.parseDouble(args[2]) : 3;
        if (runs < 1 || !(warmSeconds >= 0)) {
            throw new IllegalArgumentException("FrameWindowWholeRun: parameter 'runs' must be at least 1 and"
                    + " 'warm-up seconds' at least 0, got " + runs + " and " + warmSeconds);
        }
        try (BufferAllocator allocator = new RootAllocator()) {
            // one schema for frames and pipelines: its string dictionary gives the names' ids
            Schema schema = FrameWindowBenchmark.schema();
            List<Frame> frames = read(dir, schema, allocator);
            long rows = 0;
            for (Frame f : frames) {
                rows += f.rows();
            }
            check(dir, schema, frames, allocator);
            // whole runs until the warm-up time is spent (at least one): the JIT compiles the rolling
            // kernels only after some thousand frames, as JMH's warm-up iterations let it
            long warmUntil = System.nanoTime() + (long) (warmSeconds * 1e9);
            int warm = 0;
            do {
                double rate = rows / (run(schema, frames, allocator) * 1e-9);
                if (warm++ == 0) {
                    System.out.printf("first (cold) run: %.1f M rows/s%n", rate / 1e6);
                }
            } while (System.nanoTime() < warmUntil);
            System.out.printf("%d warm-up runs in %.1f s%n", warm, warmSeconds);
            double[] rates = new double[runs];
            for (int r = 0; r < runs; r++) {
                rates[r] = rows / (run(schema, frames, allocator) * 1e-9);
                System.out.printf("timed run %d: %.1f M rows/s%n", r, rates[r] / 1e6);
            }
            frames.forEach(Frame::release);
            double[] sorted = rates.clone();
            Arrays.sort(sorted);
            System.out.printf("%d batches, %d rows: best %.1f M, median %.1f M rows/s%n", frames.size(), rows,
                    sorted[runs - 1] / 1e6, median(sorted) / 1e6);
            StringBuilder line = new StringBuilder("RUNS [");
            for (int r = 0; r < runs; r++) {
                line.append(r == 0 ? "" : ", ").append(rates[r]);
            }
            System.out.println(line.append(']'));
        }
    }

    /** One whole run on a fresh pipeline: ns from the first emit to the last one's return. */
    private static long run(Schema schema, List<Frame> frames, BufferAllocator allocator) {
        DataFrame df = DataFrame.create(schema, allocator);
        long[] seen = new long[1];
        Stream<?> sink = df.rolling(1000).col("amount").mean().stream().sink(x -> seen[0]++);
        long start = System.nanoTime();
        for (Frame f : frames) {
            df.emit(f);
        }
        long nanos = System.nanoTime() - start;
        if (seen[0] != frames.size()) {
            throw new IllegalStateException("FrameWindowWholeRun: " + seen[0] + " results for " + frames.size()
                    + " batches");
        }
        destroyChain(sink);
        return nanos;
    }

    /**
     * One untimed run whose results are compared with pandas' ({@code expected.f64}, if the
     * directory has it): every value within 1e-9 relative, NaN where pandas has NaN.
     */
    private static void check(Path dir, Schema schema, List<Frame> frames, BufferAllocator allocator)
            throws IOException {
        Path file = dir.resolve("expected.f64");
        if (!Files.exists(file)) {
            System.out.println("no expected.f64: results not checked against pandas");
            return;
        }
        ByteBuffer expected = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int[] at = {0};
        double[] worst = {0};
        DataFrame df = DataFrame.create(schema, allocator);
        Stream<?> sink = df.rolling(1000).col("amount").mean().stream().sink(x -> {
            Frame f = (Frame) x;
            for (int i = 0; i < f.rows(); i++, at[0]++) {
                double want = expected.getDouble(8 * at[0]);
                double got = f.column(0).getDouble(i);
                double off = want == want ? Math.abs(got - want) / Math.max(Math.abs(want), Double.MIN_NORMAL)
                        : got == got ? Double.POSITIVE_INFINITY : 0;
                if (!(off <= 1e-9)) {
                    throw new IllegalStateException("FrameWindowWholeRun: result " + at[0] + " is " + got
                            + ", pandas " + want);
                }
                worst[0] = Math.max(worst[0], off);
            }
        });
        for (Frame f : frames) {
            df.emit(f);
        }
        destroyChain(sink);
        if (at[0] * 8L != expected.capacity()) {
            throw new IllegalStateException("FrameWindowWholeRun: " + at[0] + " results, pandas "
                    + expected.capacity() / 8);
        }
        System.out.printf("checked against pandas: %d results, largest relative difference %.1e%n", at[0],
                worst[0]);
    }

    /** Destroys a pipeline from its sink up (collected first: a destroyed node forgets its upstream). */
    private static void destroyChain(Stream<?> sink) {
        List<Stream<?>> chain = new ArrayList<>();
        for (Stream<?> n = sink; n != null; n = n.upstream()) {
            chain.add(n);
        }
        chain.forEach(Stream::destroy);
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The batches in {@code dir}, as frames of name, amount and id. */
    static List<Frame> read(Path dir, Schema schema, BufferAllocator allocator) throws IOException {
        String[] shape = Files.readString(dir.resolve("shape.txt")).trim().split("\\s+");
        int batches = Integer.parseInt(shape[0]);
        int rowsEach = Integer.parseInt(shape[1]);
        byte[] names = Files.readAllBytes(dir.resolve("names.u8"));
        ByteBuffer amounts = ByteBuffer.wrap(Files.readAllBytes(dir.resolve("amount.f64")))
                .order(ByteOrder.LITTLE_ENDIAN);
        long total = (long) batches * rowsEach;
        if (names.length != total || amounts.capacity() != total * Double.BYTES) {
            throw new IllegalArgumentException("FrameWindowWholeRun: " + dir + " holds " + names.length
                    + " names and " + amounts.capacity() / Double.BYTES + " amounts, not " + total);
        }
        List<Frame> frames = new ArrayList<>(batches);
        for (int b = 0; b < batches; b++) {
            List<Object[]> rows = new ArrayList<>(rowsEach);
            for (int i = 0; i < rowsEach; i++) {
                int k = b * rowsEach + i;
                rows.add(new Object[] {NAMES[names[k]], amounts.getDouble(8 * k), (long) i});
            }
            frames.add(Frame.fromRows(schema, rows, allocator));
        }
        return frames;
    }
}
