package io.streamz4j.bench;

import io.streamz4j.Stream;

import io.reactivex.rxjava3.core.Observable;
import reactor.core.publisher.Flux;

import java.util.function.Consumer;

/**
 * {@code map(inc).filter(isEven).map(inc).sink(out)} on boxed integers: three operators and a
 * sink, per element (half the elements pass the filter). RxJava and Reactor chain the same
 * operators ({@code map}, {@code filter}, {@code map}, {@code subscribe}); the floor makes the same
 * calls by hand. The functions return preallocated boxes ({@link Ints}), so any allocation the gc
 * profiler reports is the pipeline's own. Scores are nanoseconds per element emitted.
 */
public class MapFilterMapBenchmark extends FlooredSyncBenchmark {

    @Override
    public void streamz4jPipeline(Stream<Integer> source, Consumer<Object> out) {
        source.map(Ints::inc).filter(Ints::isEven).map(Ints::inc).sink(out);
    }

    @Override
    public void rxjavaPipeline(Observable<Integer> source, Consumer<Object> out) {
        source.map(Ints::inc).filter(Ints::isEven).map(Ints::inc).subscribe(out::accept);
    }

    @Override
    public void reactorPipeline(Flux<Integer> source, Consumer<Object> out) {
        source.map(Ints::inc).filter(Ints::isEven).map(Ints::inc).subscribe(out);
    }

    @Override
    public HandChain chainPipeline(Consumer<Object> out) {
        return HandChain.map(x -> Ints.inc((Integer) x),
                HandChain.filter(x -> Ints.isEven((Integer) x),
                        HandChain.map(x -> Ints.inc((Integer) x), HandChain.sink(out))));
    }

    @Override
    public void floorStep(Integer x, Consumer<Object> out) {
        Integer a = Ints.inc(x);
        if (Ints.isEven(a)) {
            out.accept(Ints.inc(a));
        }
    }
}
