package io.streamz4j.bench;

import io.streamz4j.Stream;

import io.reactivex.rxjava3.core.Observable;
import reactor.core.publisher.Flux;

import java.util.List;
import java.util.function.Consumer;

/**
 * {@code zip} of two branches of one source: {@code source.map(inc).zip(source.map(dbl))}, a pair
 * per element, against RxJava's and Reactor's {@code map(inc).zipWith(map(dbl), List::of)} on the
 * same source (the zipper builds the pair, as streamz4j builds its tuple). Scores are nanoseconds
 * per element emitted (two branch hops and one pair).
 */
public class ZipBenchmark extends SyncBenchmark {

    @Override
    public void streamz4jPipeline(Stream<Integer> source, Consumer<Object> out) {
        source.map(Ints::inc).zip(source.map(Ints::dbl)).sink(out);
    }

    @Override
    public void rxjavaPipeline(Observable<Integer> source, Consumer<Object> out) {
        source.map(Ints::inc).zipWith(source.map(Ints::dbl), List::of).subscribe(out::accept);
    }

    @Override
    public void reactorPipeline(Flux<Integer> source, Consumer<Object> out) {
        source.map(Ints::inc).zipWith(source.map(Ints::dbl), List::of).subscribe(out);
    }
}
