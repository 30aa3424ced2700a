package io.streamz4j.bench;

import io.streamz4j.Stream;

import io.reactivex.rxjava3.core.Observable;
import reactor.core.publisher.Flux;

import java.util.function.Consumer;

/**
 * {@code partition(100)}: a tuple of every hundred consecutive elements, against RxJava's and
 * Reactor's {@code buffer(100)}.
 */
public class PartitionBenchmark extends SyncBenchmark {

    @Override
    public void streamz4jPipeline(Stream<Integer> source, Consumer<Object> out) {
        source.partition(100).sink(out);
    }

    @Override
    public void rxjavaPipeline(Observable<Integer> source, Consumer<Object> out) {
        source.buffer(100).subscribe(out::accept);
    }

    @Override
    public void reactorPipeline(Flux<Integer> source, Consumer<Object> out) {
        source.buffer(100).subscribe(out);
    }
}
