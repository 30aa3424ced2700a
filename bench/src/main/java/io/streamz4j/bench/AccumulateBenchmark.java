package io.streamz4j.bench;

import io.streamz4j.Stream;

import io.reactivex.rxjava3.core.Observable;
import reactor.core.publisher.Flux;

import java.util.function.Consumer;

/**
 * {@code accumulate(add, 0)}: a running sum, emitting each new state, against RxJava's and
 * Reactor's {@code scan(0, add)} (which also emit the seed once, on subscription). The sum wraps
 * within the preallocated boxes ({@link Ints#add}).
 */
public class AccumulateBenchmark extends SyncBenchmark {

    @Override
    public void streamz4jPipeline(Stream<Integer> source, Consumer<Object> out) {
        source.accumulate(Ints::add, Ints.box(0)).sink(out);
    }

    @Override
    public void rxjavaPipeline(Observable<Integer> source, Consumer<Object> out) {
        source.scan(Ints.box(0), Ints::add).subscribe(out::accept);
    }

    @Override
    public void reactorPipeline(Flux<Integer> source, Consumer<Object> out) {
        source.scan(Ints.box(0), Ints::add).subscribe(out);
    }
}
