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
 * Ticks per second through tick -> keyed VWAP window -> signal filter -> sink across one hop, each
 * side in its own fork of the same run ({@link VwapState}'s {@code side}): an op is one tick
 * published by the benchmark thread and handled by the side's consumer thread. The record path
 * needs Agrona's {@code jdk.internal.misc} export, added to every fork.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
@Threads(1)
public class VwapThroughputBenchmark {
    @Benchmark
    public void tick(VwapState state) {
        state.publish();
    }
}
