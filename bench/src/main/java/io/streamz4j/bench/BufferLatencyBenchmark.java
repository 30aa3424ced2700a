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
 * {@code buffer(1024)} hand-off latency, one element in flight: an op publishes an element and
 * spins until the consumer thread has counted it, so its time is publish to consumption (plus the
 * count's way back to the producer's core). JMH samples the ops' times; read p50, p99 and p99.9.
 * Same sides and wait strategies as {@link BufferThroughputBenchmark}.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(1)
public class BufferLatencyBenchmark {
    @Benchmark
    public void roundTrip(HandOffState state) {
        Producer producer = state.producer();
        state.handOff().publish(producer);
        producer.awaitConsumed(state.consumed());
    }
}
