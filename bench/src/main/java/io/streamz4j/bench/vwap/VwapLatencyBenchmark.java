package io.streamz4j.bench.vwap;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The hop's latency, one tick in flight: an op publishes a tick and spins until the consumer has
 * run it through the whole pipeline (window, filter, sink), so its time is publish to handled plus
 * the count's way back to the producer's core. JMH samples the ops' times; read p50, p99 and p99.9.
 * Same sides as {@link VwapThroughputBenchmark}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
@Threads(1)
public class VwapLatencyBenchmark {
    @Benchmark
    public void tick(VwapState state) {
        state.publishAndAwait();
    }
}
