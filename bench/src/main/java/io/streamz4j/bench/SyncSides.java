package io.streamz4j.bench;

import io.streamz4j.Stream;

import io.reactivex.rxjava3.core.Observable;
import io.reactivex.rxjava3.subjects.PublishSubject;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

import java.util.function.Consumer;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The sides of a synchronous benchmark, as JMH states: each makes a source, lets the benchmark
 * class attach its pipeline below it with the results going to JMH's {@link Blackhole}, and emits
 * one batch of {@link Ints#inputs()} per invocation. A benchmark class subclasses each side with
 * one method that builds its pipeline, so every side of every benchmark is fed the same way.
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
    public abstract static class Streamz4jSide {
        private Stream<Integer> source;

        protected abstract void attach(Stream<Integer> source, Consumer<Object> out);

        @Setup
        public void setup(Blackhole bh) {
            source = new Stream<>();
            attach(source, bh::consume);
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
    public abstract static class RxJavaSide {
        private PublishSubject<Integer> subject;

        protected abstract void attach(Observable<Integer> source, Consumer<Object> out);

        @Setup
        public void setup(Blackhole bh) {
            subject = PublishSubject.create();
            attach(subject, bh::consume);
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
    public abstract static class ReactorSide {
        private Sinks.Many<Integer> sink;

        protected abstract void attach(Flux<Integer> source, Consumer<Object> out);

        /** The sink to emit into; {@link ReactorUnsafeSide} overrides it. */
        protected Sinks.Many<Integer> newSink() {
            return Sinks.many().multicast().directBestEffort();
        }

        @Setup
        public void setup(Blackhole bh) {
            sink = newSink();
            attach(sink.asFlux(), bh::consume);
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
    public abstract static class ReactorUnsafeSide extends ReactorSide {
        @Override
        protected Sinks.Many<Integer> newSink() {
            return Sinks.unsafe().many().multicast().directBestEffort();
        }
    }

    /** Hand-written node objects ({@link HandChain}): what any chain of nodes costs. */
    @State(Scope.Thread)
    public abstract static class ChainSide {
        private HandChain head;

        protected abstract HandChain build(Consumer<Object> out);

        @Setup
        public void setup(Blackhole bh) {
            head = build(bh::consume);
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
    public abstract static class FloorSide {
        private Consumer<Object> out;

        protected abstract void apply(Integer x, Consumer<Object> out);

        @Setup
        public void setup(Blackhole bh) {
            out = bh::consume;
        }

        public void emitBatch() {
            Consumer<Object> o = out;
            for (Integer x : Ints.inputs()) {
                apply(x, o);
            }
        }
    }
}
