package io.streamz4j.bench;

import io.streamz4j.Stream;

import io.reactivex.rxjava3.core.Observable;
import reactor.core.publisher.Flux;

import java.util.function.Consumer;

/**
 * {@code slidingWindow(10)}: after each element, an immutable tuple of the last ten, against
 * RxJava's and Reactor's {@code buffer(10, 1)} (a new list of the last ten after each element once
 * ten have arrived; streamz4j, like streamz, also emits the nine partial windows at the start, the
 * same work per element from then on).
 */
public class SlidingWindowBenchmark extends SyncBenchmark {

    @Override
    public void streamz4jPipeline(Stream<Integer> source, Consumer<Object> out) {
        source.slidingWindow(10).sink(out);
    }

    @Override
    public void rxjavaPipeline(Observable<Integer> source, Consumer<Object> out) {
        source.buffer(10, 1).subscribe(out::accept);
    }

    @Override
    public void reactorPipeline(Flux<Integer> source, Consumer<Object> out) {
        source.buffer(10, 1).subscribe(out);
    }
}
