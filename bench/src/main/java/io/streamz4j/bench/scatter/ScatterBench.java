package io.streamz4j.bench.scatter;

import io.streamz4j.transport.scatter.IdleStrategies;
import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Locale;

/**
 * One side of the scatter suite, measured: {@code echo} (the floor, {@link EchoSide}) or
 * {@code scatter} ({@link ScatterSide}), on one channel kind and idle strategy. Throughput with
 * {@code --window} elements in flight (8, the shape of {@code buffer(8)}), then round trips one
 * in flight ({@link RoundTrips}); each after a warm-up of its own. The last line is
 * {@code RESULT {json}} for bench/compare-scatter: elements/s, round-trip p50/p99/p99.9/max in
 * nanoseconds, how many round trips were recorded, and how many results differed from the
 * expected ones (any makes the run's figures worthless: the main then exits with status 1).
 *
 * <p>Run: {@code java <the project's --add-* flags> -cp bench/target/benchmarks.jar
 * io.streamz4j.bench.scatter.ScatterBench --side echo|scatter [--channel ipc|udp]
 * [--idle backoff|busy-spin|yielding|sleeping] [--workers 2] [--window 8] [--warmup-s 1]
 * [--seconds 2] [--round-trips 20000]}.
 *
 * <p>Thread safety: single-threaded (the sides start their own threads and processes).
 */
public final class ScatterBench {
    private ScatterBench() {
    }

    public static void main(String[] args) {
        Args parsed = new Args(List.of(args));
        String sideName = parsed.required("--side");
        Channel channel = Channel.parse(parsed.get("--channel", "ipc"));
        String idle = parsed.get("--idle", IdleStrategies.DEFAULT);
        int workers = parsed.getInt("--workers", 2, 1);
        int window = parsed.getInt("--window", 8, 1);
        long warmNanos = (long) (parsed.getSeconds("--warmup-s", 1) * 1e9);
        long measureNanos = (long) (parsed.getSeconds("--seconds", 2) * 1e9);
        int roundTrips = parsed.getInt("--round-trips", 20_000, 1);
        IdleStrategies.parse(idle); // a bad name fails here, before any process starts

        Results results;
        double rate;
        Histogram latency;
        long sent;
        try (RoundTripSide side = open(sideName, channel, idle, workers, window)) {
            results = side.results();
            RoundTrips measure = new RoundTrips(side, IdleStrategies.parse(idle));
            rate = measure.throughput(window, warmNanos, measureNanos);
            latency = measure.latency(warmNanos, measureNanos, roundTrips);
            sent = measure.sent();
        }
        System.out.println(String.format(Locale.ROOT, "RESULT {\"side\": \"%s\", \"channel\": \"%s\", \"idle\": \"%s\","
                        + " \"workers\": %d, \"window\": %d, \"elementsPerSecond\": %.1f, \"p50Nanos\": %d,"
                        + " \"p99Nanos\": %d, \"p999Nanos\": %d, \"maxNanos\": %d, \"roundTrips\": %d,"
                        + " \"elements\": %d, \"mismatches\": %d}",
                sideName, channel.label(), idle, sideName.equals("echo") ? 1 : workers, window, rate,
                latency.getValueAtPercentile(50), latency.getValueAtPercentile(99),
                latency.getValueAtPercentile(99.9), latency.getMaxValue(), latency.getTotalCount(), sent,
                results.mismatches()));
        if (results.mismatches() != 0 || results.received() != sent) {
            System.err.println("scatter bench: " + sideName + " returned " + results.mismatches()
                    + " wrong results and " + results.received() + " of " + sent);
            System.exit(1);
        }
    }

    static RoundTripSide open(String side, Channel channel, String idle, int workers, int window) {
        switch (side) {
            case "echo":
                return new EchoSide(channel, idle, new Results(n -> n, 0));
            case "scatter":
                return new ScatterSide(channel, idle, workers, window, new Results(n -> n + 1, 0));
            default:
                throw new IllegalArgumentException("scatter bench: parameter 'side' must be echo or scatter, got '"
                        + side + "'");
        }
    }
}
