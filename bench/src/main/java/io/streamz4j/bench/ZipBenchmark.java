package io.streamz4j.bench;

import io.streamz4j.Stream;

import io.reactivex.rxjava3.core.Observable;
import reactor.core.publisher.Flux;

import java.util.List;
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
 * {@code zip} of two branches of one source: {@code source.map(inc).zip(source.map(dbl))}, a pair
 * per element, against RxJava's and Reactor's {@code map(inc).zipWith(map(dbl), List::of)} on the
 * same source (the zipper builds the pair, as streamz4j builds its tuple). Scores are nanoseconds
 * per element emitted (two branch hops and one pair).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ZipBenchmark {

    public static void streamz4j(Stream<Integer> source, Consumer<Object> out) {
        source.map(Ints::inc).zip(source.map(Ints::dbl)).sink(out);
    }

    public static void rxjava(Observable<Integer> source, Consumer<Object> out) {
        source.map(Ints::inc).zipWith(source.map(Ints::dbl), List::of).subscribe(out::accept);
    }

    public static void reactor(Flux<Integer> source, Consumer<Object> out) {
        source.map(Ints::inc).zipWith(source.map(Ints::dbl), List::of).subscribe(out);
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
