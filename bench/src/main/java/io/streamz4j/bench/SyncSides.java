package io.streamz4j.bench;

import io.streamz4j.Stream;

import io.reactivex.rxjava3.subjects.PublishSubject;
import reactor.core.publisher.Sinks;

import java.util.function.Consumer;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The sides of a synchronous benchmark, as JMH states: each makes a source, has the running
 * {@link SyncBenchmark} build its pipeline below it with the results going to JMH's
 * {@link Blackhole}, and emits one batch of {@link Ints#inputs()} per invocation, so every side of
 * every benchmark is fed the same way.
 *
 * <p>Reactor's source is {@code Sinks.many().multicast().directBestEffort()}: the subscribers ask
 * for unbounded demand (or, for zip, replenish theirs as they go), so nothing is dropped, and like
 * {@code emit} it calls its subscribers directly. {@code onBackpressureBuffer()} would put a queue
 * and a drain loop in front of every element, work the other sides do not do.
 * {@code Sinks.many()} is serialized (an atomic guard per element against concurrent emits);
 * {@code Sinks.unsafe()} has no guard, which matches a plain {@code Stream}, itself not thread safe.
 *
 * <p>Thread safety: one pipeline per JMH thread (Scope.Thread), used by that thread only.
 */
public final class SyncSides {
    private SyncSides() {
    }

    /** streamz4j: {@code new Stream<>()} and {@code emit}. */
    @State(Scope.Thread)
    public static class Streamz4jSide {
        private Stream<Integer> source;

        @Setup
        public void setup(Blackhole bh, BenchmarkParams params) {
            source = new Stream<>();
            SyncBenchmark.measured(params, SyncBenchmark.class).streamz4jPipeline(source, bh::consume);
        }

        public void emitBatch() {
            Stream<Integer> s = source;
            for (Integer x : Ints.inputs()) {
                s.emit(x);
            }
        }

        @TearDown
        public void tearDown() {
            source.destroy();
        }
    }

    /** RxJava 3: {@code PublishSubject} and {@code onNext}. */
    @State(Scope.Thread)
    public static class RxJavaSide {
        private PublishSubject<Integer> subject;

        @Setup
        public void setup(Blackhole bh, BenchmarkParams params) {
            subject = PublishSubject.create();
            SyncBenchmark.measured(params, SyncBenchmark.class).rxjavaPipeline(subject, bh::consume);
        }

        public void emitBatch() {
            PublishSubject<Integer> s = subject;
            for (Integer x : Ints.inputs()) {
                s.onNext(x);
            }
        }

        @TearDown
        public void tearDown() {
            subject.onComplete();
        }
    }

    /** Reactor 3: {@code Sinks.many().multicast().directBestEffort()} and {@code tryEmitNext}. */
    @State(Scope.Thread)
    public static class ReactorSide {
        private Sinks.Many<Integer> sink;

        /** The sink to emit into; {@link ReactorUnsafeSide} overrides it. */
        protected Sinks.Many<Integer> newSink() {
            return Sinks.many().multicast().directBestEffort();
        }

        @Setup
        public void setup(Blackhole bh, BenchmarkParams params) {
            sink = newSink();
            SyncBenchmark.measured(params, SyncBenchmark.class).reactorPipeline(sink.asFlux(), bh::consume);
        }

        public void emitBatch() {
            Sinks.Many<Integer> s = sink;
            for (Integer x : Ints.inputs()) {
                s.tryEmitNext(x);
            }
        }

        @TearDown
        public void tearDown() {
            sink.tryEmitComplete();
        }
    }

    /** Reactor 3 without the serializing guard: {@code Sinks.unsafe().many().multicast().directBestEffort()}. */
    public static class ReactorUnsafeSide extends ReactorSide {
        @Override
        protected Sinks.Many<Integer> newSink() {
            return Sinks.unsafe().many().multicast().directBestEffort();
        }
    }

    /** Hand-written node objects ({@link HandChain}): what any chain of nodes costs. */
    @State(Scope.Thread)
    public static class ChainSide {
        private HandChain head;

        @Setup
        public void setup(Blackhole bh, BenchmarkParams params) {
            head = SyncBenchmark.measured(params, FlooredSyncBenchmark.class).chainPipeline(bh::consume);
        }

        public void emitBatch() {
            HandChain h = head;
            for (Integer x : Ints.inputs()) {
                h.push(x);
            }
        }
    }

    /** The floor: the pipeline's work written as plain calls, no framework. */
    @State(Scope.Thread)
    public static class FloorSide {
        private FlooredSyncBenchmark benchmark;
        private Consumer<Object> out;

        @Setup
        public void setup(Blackhole bh, BenchmarkParams params) {
            benchmark = SyncBenchmark.measured(params, FlooredSyncBenchmark.class);
            out = bh::consume;
        }

        public void emitBatch() {
            FlooredSyncBenchmark b = benchmark;
            Consumer<Object> o = out;
            for (Integer x : Ints.inputs()) {
                b.floorStep(x, o);
            }
        }
    }
}
