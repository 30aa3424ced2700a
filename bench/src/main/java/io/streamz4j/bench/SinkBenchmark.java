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
 * {@code emit} into {@code source.sink(inc)}: one hop into a user function, per element. Every
 * side applies {@link Ints#inc} to each element and hands the result to JMH's Blackhole; see
 * {@link SyncSides} for how each side emits. Scores are nanoseconds per element.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SinkBenchmark {

    public static void streamz4j(Stream<Integer> source, Consumer<Object> out) {
        source.sink(x -> out.accept(Ints.inc(x)));
    }

    public static void rxjava(Observable<Integer> source, Consumer<Object> out) {
        source.subscribe(x -> out.accept(Ints.inc(x)));
    }

    public static void reactor(Flux<Integer> source, Consumer<Object> out) {
        source.subscribe(x -> out.accept(Ints.inc(x)));
    }

    public static HandChain chain(Consumer<Object> out) {
        return HandChain.sink(x -> out.accept(Ints.inc((Integer) x)));
    }

    public static void floor(Integer x, Consumer<Object> out) {
        out.accept(Ints.inc(x));
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

    public static class ChainState extends SyncSides.ChainSide {
        @Override
        protected HandChain build(Consumer<Object> out) {
            return chain(out);
        }
    }

    public static class FloorState extends SyncSides.FloorSide {
        @Override
        protected void apply(Integer x, Consumer<Object> out) {
            floor(x, out);
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

    @Benchmark
    @OperationsPerInvocation(Ints.BATCH)
    public void chain(ChainState side) {
        side.emitBatch();
    }

    @Benchmark
    @OperationsPerInvocation(Ints.BATCH)
    public void floor(FloorState side) {
        side.emitBatch();
    }
}
