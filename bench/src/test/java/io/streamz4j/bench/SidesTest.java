package io.streamz4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.streamz4j.Stream;
import io.streamz4j.runtime.WaitStrategy;

import io.reactivex.rxjava3.subjects.PublishSubject;
import reactor.core.publisher.Sinks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Quick checks that the benchmarks are fair: every side of a synchronous benchmark emits the same
 * results for the same inputs (so no side skips work), and every thread-crossing side delivers
 * every element it is given. No timing here: the benchmarks run from the benchmarks jar.
 */
class SidesTest {
    private static final int BATCHES = 3;

    /** The outputs of each side of a synchronous benchmark for {@link #BATCHES} batches of inputs. */
    private record Outputs(List<Object> streamz4j, List<Object> rxjava, List<Object> reactor,
            List<Object> reactorUnsafe) {
    }

    private static Outputs run(SyncBenchmark benchmark) {
        Outputs out = new Outputs(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        Stream<Integer> source = new Stream<>();
        benchmark.streamz4jPipeline(source, out.streamz4j()::add);
        PublishSubject<Integer> subject = PublishSubject.create();
        benchmark.rxjavaPipeline(subject, out.rxjava()::add);
        Sinks.Many<Integer> sink = Sinks.many().multicast().directBestEffort();
        benchmark.reactorPipeline(sink.asFlux(), out.reactor()::add);
        Sinks.Many<Integer> unsafe = Sinks.unsafe().many().multicast().directBestEffort();
        benchmark.reactorPipeline(unsafe.asFlux(), out.reactorUnsafe()::add);
        for (int b = 0; b < BATCHES; b++) {
            for (Integer x : Ints.inputs()) {
                source.emit(x);
                subject.onNext(x);
                assertEquals(Sinks.EmitResult.OK, sink.tryEmitNext(x));
                assertEquals(Sinks.EmitResult.OK, unsafe.tryEmitNext(x));
            }
        }
        source.destroy();
        return out;
    }

    private static List<Object> floor(FlooredSyncBenchmark benchmark) {
        List<Object> out = new ArrayList<>();
        for (int b = 0; b < BATCHES; b++) {
            for (Integer x : Ints.inputs()) {
                benchmark.floorStep(x, out::add);
            }
        }
        return out;
    }

    private static List<Object> chain(FlooredSyncBenchmark benchmark) {
        List<Object> out = new ArrayList<>();
        HandChain head = benchmark.chainPipeline(out::add);
        for (int b = 0; b < BATCHES; b++) {
            for (Integer x : Ints.inputs()) {
                head.push(x);
            }
        }
        return out;
    }

    private static void assertSame(List<Object> expected, Outputs actual) {
        assertFalse(expected.isEmpty());
        assertEquals(expected, actual.rxjava(), "rxjava");
        assertEquals(expected, actual.reactor(), "reactor");
        assertEquals(expected, actual.reactorUnsafe(), "reactorUnsafe");
    }

    @Test
    void sinkSidesAgree() {
        Outputs out = run(new SinkBenchmark());
        assertEquals(BATCHES * Ints.BATCH, out.streamz4j().size());
        assertEquals(floor(new SinkBenchmark()), out.streamz4j());
        assertEquals(chain(new SinkBenchmark()), out.streamz4j());
        assertSame(out.streamz4j(), out);
    }

    @Test
    void mapFilterMapSidesAgree() {
        Outputs out = run(new MapFilterMapBenchmark());
        assertEquals(BATCHES * Ints.BATCH / 2, out.streamz4j().size());
        assertEquals(floor(new MapFilterMapBenchmark()), out.streamz4j());
        assertEquals(chain(new MapFilterMapBenchmark()), out.streamz4j());
        assertSame(out.streamz4j(), out);
    }

    @Test
    void slidingWindowSidesAgreeOnceTheWindowIsFull() {
        Outputs out = run(new SlidingWindowBenchmark());
        List<Object> full = out.streamz4j().subList(9, out.streamz4j().size());
        assertEquals(10, ((List<?>) full.get(0)).size());
        assertSame(full, out);
    }

    @Test
    void partitionSidesAgree() {
        Outputs out = run(new PartitionBenchmark());
        assertEquals(BATCHES * Ints.BATCH / 100, out.streamz4j().size());
        assertSame(out.streamz4j(), out);
    }

    @Test
    void zipSidesAgree() {
        Outputs out = run(new ZipBenchmark());
        assertEquals(BATCHES * Ints.BATCH, out.streamz4j().size());
        assertEquals(List.of(Ints.box(6), Ints.box(10)), out.streamz4j().get(5));
        assertSame(out.streamz4j(), out);
    }

    @Test
    void accumulateSidesAgreeAfterTheSeed() {
        Outputs out = run(new AccumulateBenchmark());
        assertEquals(BATCHES * Ints.BATCH, out.streamz4j().size());
        // scan emits its seed first; accumulate does not.
        assertEquals(Ints.box(0), out.rxjava().remove(0));
        assertEquals(Ints.box(0), out.reactor().remove(0));
        assertEquals(Ints.box(0), out.reactorUnsafe().remove(0));
        assertSame(out.streamz4j(), out);
    }

    @ParameterizedTest
    @CsvSource({
        "streamz4j, BUSY_SPIN, 1", "streamz4j, BLOCKING, 1", "streamz4j, BUSY_SPIN, 2", "streamz4j, BLOCKING, 2",
        "disruptor, BUSY_SPIN, 1", "disruptor, BLOCKING, 1", "disruptor, BUSY_SPIN, 2", "disruptor, BLOCKING, 2",
        "rxjava, BUSY_SPIN, 1", "rxjava, BLOCKING, 1", "rxjava, BUSY_SPIN, 2", "rxjava, BLOCKING, 2",
        "reactor, BUSY_SPIN, 1", "reactor, BLOCKING, 1", "reactor, BUSY_SPIN, 2", "reactor, BLOCKING, 2",
    })
    void everyHandOffDeliversEveryElement(String side, WaitStrategy wait, int producers) throws Exception {
        int each = 20_000;
        Consumed consumed = new Consumed(producers);
        HandOff handOff = HandOff.create(side, wait, producers, consumed);
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                List<Thread> threads = new ArrayList<>();
                List<Producer> all = new ArrayList<>();
                for (int id = 0; id < producers; id++) {
                    Producer producer = new Producer(id, producers, HandOff.CAPACITY / producers);
                    all.add(producer);
                    Thread thread = new Thread(() -> {
                        for (int i = 0; i < each; i++) {
                            handOff.publish(producer);
                        }
                        producer.drain(consumed);
                    });
                    threads.add(thread);
                    thread.start();
                }
                for (Thread thread : threads) {
                    thread.join();
                }
                for (Producer producer : all) {
                    assertEquals(each, consumed.count(producer.id()), side + " producer " + producer.id());
                }
            });
        } finally {
            handOff.close();
        }
    }
}
