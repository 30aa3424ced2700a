package io.streamz4j.bench;

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
 * {@code buffer(1024)} hand-off throughput: one producer thread sends elements to the side's
 * consumer thread, which sums and counts them ({@link Consumed}); an op is one element handed
 * across and consumed. Sides ({@code side}): streamz4j's {@code buffer(1024, wait)}, a bare
 * Disruptor ring (the floor), RxJava {@code observeOn} and Reactor {@code publishOn}; the
 * consumer waits by busy-spin or blocking ({@code wait}). Scores are elements per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class BufferThroughputBenchmark {
    @Benchmark
    public void handOff(HandOffState state) {
        state.handOff().publish(state.producer());
    }
}
