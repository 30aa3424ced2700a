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
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * A synchronous benchmark: one pipeline, written once per side, fed the same batch of boxed
 * integers by the side's source ({@link SyncSides}) with the results going to JMH's blackhole.
 * A subclass says what the pipeline is on each side; the benchmark methods, their settings and
 * the feeding are inherited, so every side of every synchronous benchmark is measured the same
 * way. Scores are nanoseconds per element emitted.
 *
 * <p>Thread safety: JMH runs one pipeline per benchmark thread; the builders are stateless.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public abstract class SyncBenchmark {

    /** Builds the pipeline below a streamz4j source. */
    public abstract void streamz4jPipeline(Stream<Integer> source, Consumer<Object> out);

    /** Builds the same pipeline below an RxJava source. */
    public abstract void rxjavaPipeline(Observable<Integer> source, Consumer<Object> out);

    /** Builds the same pipeline below a Reactor source. */
    public abstract void reactorPipeline(Flux<Integer> source, Consumer<Object> out);

    /** The benchmark class JMH is running, as a fresh instance, for a side to build its pipeline. */
    static <B extends SyncBenchmark> B measured(BenchmarkParams params, Class<B> kind) {
        String method = params.getBenchmark();
        String className = method.substring(0, method.lastIndexOf('.'));
        try {
            return kind.cast(Class.forName(className).getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException(className + " is not a " + kind.getSimpleName(), e);
        }
    }

    @Benchmark
    @OperationsPerInvocation(Ints.BATCH)
    public void streamz4j(SyncSides.Streamz4jSide side) {
        side.emitBatch();
    }

    @Benchmark
    @OperationsPerInvocation(Ints.BATCH)
    public void rxjava(SyncSides.RxJavaSide side) {
        side.emitBatch();
    }

    @Benchmark
    @OperationsPerInvocation(Ints.BATCH)
    public void reactor(SyncSides.ReactorSide side) {
        side.emitBatch();
    }

    @Benchmark
    @OperationsPerInvocation(Ints.BATCH)
    public void reactorUnsafe(SyncSides.ReactorUnsafeSide side) {
        side.emitBatch();
    }
}
