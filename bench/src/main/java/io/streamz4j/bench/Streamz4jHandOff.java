package io.streamz4j.bench;

import io.streamz4j.Stream;
import io.streamz4j.runtime.WaitStrategy;

/**
 * streamz4j: with one producer, {@code source.buffer(1024, wait).sink(consumed)}; with several,
 * {@code Stream.threadSafe(name, wait).sink(consumed)}, whose ring holds 1024. Both bound what is
 * in flight themselves and hold the producer back when full.
 */
final class Streamz4jHandOff extends HandOff {
    private final Stream<Integer> source;

    Streamz4jHandOff(WaitStrategy wait, boolean multiProducer, Consumed consumed) {
        if (multiProducer) {
            source = Stream.threadSafe("bench", wait);
            source.sink(consumed::accept);
        } else {
            source = new Stream<>("bench");
            source.buffer(CAPACITY, wait).sink(consumed::accept);
        }
    }

    @Override
    public void publish(Producer producer) {
        source.emit(producer.next());
    }

    @Override
    public void close() {
        source.destroy();
    }
}
