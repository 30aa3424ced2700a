package io.streamz4j.bench;

import io.streamz4j.runtime.WaitStrategy;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The JMH state of the thread-crossing benchmarks: one {@link HandOff} side, picked by the
 * {@code side} parameter, with its consumer waiting by the {@code wait} parameter, and one
 * {@link Producer} per benchmark thread. At the end of each iteration it waits until the consumer
 * has taken everything sent, so an iteration's count is of elements handed across and consumed
 * (at most 1024 of them may still have been in flight when the clock stopped).
 *
 * <p>Thread safety: shared by the benchmark threads (Scope.Benchmark); each uses only its own
 * producer; JMH runs the fixtures while no benchmark thread is publishing.
 */
@State(Scope.Benchmark)
public class HandOffState {
    @Param({"streamz4j", "disruptor", "rxjava", "reactor"})
    public String side;

    @Param({"BUSY_SPIN", "BLOCKING"})
    public String wait;

    private HandOff handOff;
    private Consumed consumed;
    private Producer[] producers;

    @Setup(Level.Trial)
    public void setup(BenchmarkParams params) {
        int threads = params.getThreads();
        consumed = new Consumed(threads);
        producers = new Producer[threads];
        for (int i = 0; i < threads; i++) {
            producers[i] = new Producer(i, threads, HandOff.CAPACITY / threads);
        }
        handOff = HandOff.create(side, WaitStrategy.valueOf(wait), threads, consumed);
    }

    public HandOff handOff() {
        return handOff;
    }

    public Consumed consumed() {
        return consumed;
    }

    /** The producer of the calling benchmark thread. */
    public Producer producer(ThreadParams thread) {
        return producers[thread.getThreadIndex()];
    }

    /** The only producer, for single-threaded benchmarks. */
    public Producer producer() {
        return producers[0];
    }

    @TearDown(Level.Iteration)
    public void drain() {
        for (Producer producer : producers) {
            producer.drain(consumed);
        }
    }

    @TearDown(Level.Trial)
    public void close(Blackhole bh) {
        handOff.close();
        bh.consume(consumed.sum());
    }
}
