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
import org.openjdk.jmh.infra.ThreadParams;

/**
 * A thread-safe source fed by two threads at once: streamz4j's {@code Stream.threadSafe(name, wait)}
 * against a multi-producer Disruptor ring (the floor), RxJava's {@code PublishSubject.toSerialized()}
 * with {@code observeOn} and Reactor's serialized {@code Sinks.many()} with {@code publishOn}. An
 * op is one element handed across and consumed; the score is elements per second from both
 * producers together. With a busy-spinning consumer, three busy threads share this machine's cores.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@Threads(2)
public class ThreadSafeSourceBenchmark {
    @Benchmark
    public void handOff(HandOffState state, ThreadParams thread) {
        state.handOff().publish(state.producer(thread));
    }
}
