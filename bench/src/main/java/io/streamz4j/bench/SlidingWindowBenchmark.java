package io.streamz4j.bench;

import io.streamz4j.Stream;

import io.reactivex.rxjava3.core.Observable;
import reactor.core.publisher.Flux;

import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code slidingWindow(10)}: after each element, an immutable tuple of the last ten, against
 * RxJava's and Reactor's {@code buffer(10, 1)} (a new list of the last ten after each element once
 * ten have arrived; streamz4j, like streamz, also emits the nine partial windows at the start, the
 * same work per element from then on). Scores are nanoseconds per element.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SlidingWindowBenchmark {

    public static void streamz4j(Stream<Integer> source, Consumer<Object> out) {
        source.slidingWindow(10).sink(out);
    }

    public static void rxjava(Observable<Integer> source, Consumer<Object> out) {
        source.buffer(10, 1).subscribe(out::accept);
    }

    public static void reactor(Flux<Integer> source, Consumer<Object> out) {
        source.buffer(10, 1).subscribe(out);
    }

    public static class Streamz4jState extends SyncSides.Streamz4jSide {
        @Override
        protected void attach(Stream<Integer> source, Consumer<Object> out) {
            streamz4j(source, out);
        }
    }

    public static class RxJavaState extends SyncSides.RxJavaSide {
        @Override
        protected void attach(Observable<Integer> source, Consumer<Object> out) {
            rxjava(source, out);
        }
    }

    public static class ReactorState extends SyncSides.ReactorSide {
        @Override
        protected void attach(Flux<Integer> source, Consumer<Object> out) {
            reactor(source, out);
        }
    }

    public static class ReactorUnsafeState extends SyncSides.ReactorUnsafeSide {
        @Override
        protected void attach(Flux<Integer> source, Consumer<Object> out) {
            reactor(source, out);
        }
    }

    @Benchmark
    @OperationsPerInvocation(Ints.BATCH)
    public void streamz4j(Streamz4jState side) {
        side.emitBatch();
    }

    @Benchmark
    @OperationsPerInvocation(Ints.BATCH)
    public void rxjava(RxJavaState side) {
        side.emitBatch();
    }

    @Benchmark
    @OperationsPerInvocation(Ints.BATCH)
    public void reactor(ReactorState side) {
        side.emitBatch();
    }

    @Benchmark
    @OperationsPerInvocation(Ints.BATCH)
    public void reactorUnsafe(ReactorUnsafeState side) {
        side.emitBatch();
    }
}
