package io.streamz4j.bench;

import io.streamz4j.Stream;

import io.reactivex.rxjava3.core.Observable;
import reactor.core.publisher.Flux;

import java.util.function.Consumer;

/**
 * {@code emit} into {@code source.sink(inc)}: one hop into a user function, per element. Every
 * side applies {@link Ints#inc} to each element and hands the result to JMH's Blackhole; see
 * {@link SyncSides} for how each side emits.
 */
public class SinkBenchmark extends FlooredSyncBenchmark {

    @Override
    public void streamz4jPipeline(Stream<Integer> source, Consumer<Object> out) {
        source.sink(x -> out.accept(Ints.inc(x)));
    }

    @Override
    public void rxjavaPipeline(Observable<Integer> source, Consumer<Object> out) {
        source.subscribe(x -> out.accept(Ints.inc(x)));
    }

    @Override
    public void reactorPipeline(Flux<Integer> source, Consumer<Object> out) {
        source.subscribe(x -> out.accept(Ints.inc(x)));
    }

    @Override
    public HandChain chainPipeline(Consumer<Object> out) {
        return HandChain.sink(x -> out.accept(Ints.inc((Integer) x)));
    }

    @Override
    public void floorStep(Integer x, Consumer<Object> out) {
        out.accept(Ints.inc(x));
    }
}
