package io.streamz4j.transport.scatter;

import static io.streamz4j.transport.scatter.ScatterTestFunctions.INC;
import static io.streamz4j.transport.scatter.ScatterTestFunctions.NOT_DIVISIBLE_BY_3;
import static io.streamz4j.transport.scatter.ScatterTestFunctions.SUM;
import static io.streamz4j.transport.scatter.ScatterTestFunctions.TIMES;
import static io.streamz4j.transport.scatter.ScatterTestFunctions.WITH_TENFOLD;

import io.streamz4j.Stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntConsumer;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * The pipelines the end-to-end tests run scattered and in process, side by side:
 * <ul>
 *   <li>the chain: {@code map(inc).filter(notDivisibleBy3).map(withTenfold).flatten().map(withTenfold).starmap(times)}
 *       (every stateless step kind, one element giving zero to two results);</li>
 *   <li>the keyed sum: {@code scatter(x -> x % 5).accumulate(sum, 0L)}, a running sum per key, whose
 *       in-process reference is one local {@code accumulate} per key fed in scatter order.</li>
 * </ul>
 * A run calls {@code beforeEmit} with each element's index before emitting it, which is where a
 * test kills or starts a worker: mid-stream, with elements in flight.
 *
 * <p>Thread safety: the test thread emits; results are collected from the cluster's agent thread
 * into a synchronized list read after the cluster has drained.
 */
final class ScatterRuns {
    static final Duration DRAIN = Duration.ofSeconds(60);
    static final int KEYS = 5;

    private ScatterRuns() {
    }

    /** {@code n} seeded longs in [0, 10 000). */
    static List<Long> inputs(long seed, int n) {
        Random random = new Random(seed);
        List<Long> inputs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            inputs.add((long) random.nextInt(10_000));
        }
        return inputs;
    }

    static List<Object> chainInProcess(List<Long> inputs) {
        Stream<Long> source = new Stream<>();
        List<Object> out = new ArrayList<>();
        source.map(INC).filter(NOT_DIVISIBLE_BY_3).map(WITH_TENFOLD).<Long>flatten().map(WITH_TENFOLD)
                .starmapN(TIMES).sink(out::add);
        inputs.forEach(source::emit);
        return out;
    }

    static List<Object> chainScattered(Cluster cluster, List<Long> inputs, int buffer, IntConsumer beforeEmit) {
        Stream<Long> source = new Stream<>();
        List<Object> out = Collections.synchronizedList(new ArrayList<>());
        cluster.scatter(source).map(INC).filter(NOT_DIVISIBLE_BY_3).map(WITH_TENFOLD).<Long>flatten()
                .map(WITH_TENFOLD).starmapN(TIMES).buffer(buffer).gather().sink(out::add);
        emitAll(cluster, source, inputs, beforeEmit);
        return List.copyOf(out);
    }

    static List<Object> keyedSumInProcess(List<Long> inputs) {
        List<Object> out = new ArrayList<>();
        Map<Long, Stream<Long>> perKey = new HashMap<>();
        for (Long x : inputs) {
            perKey.computeIfAbsent(x % KEYS, key -> {
                Stream<Long> keyed = new Stream<>();
                keyed.accumulate(SUM, 0L).sink(out::add);
                return keyed;
            }).emit(x);
        }
        return out;
    }

    static List<Object> keyedSumScattered(Cluster cluster, List<Long> inputs, int buffer, IntConsumer beforeEmit) {
        Stream<Long> source = new Stream<>();
        List<Object> out = Collections.synchronizedList(new ArrayList<>());
        cluster.scatter(source, (Long x) -> x % KEYS).accumulate(SUM, 0L).buffer(buffer).gather().sink(out::add);
        emitAll(cluster, source, inputs, beforeEmit);
        return List.copyOf(out);
    }

    private static void emitAll(Cluster cluster, Stream<Long> source, List<Long> inputs, IntConsumer beforeEmit) {
        for (int i = 0; i < inputs.size(); i++) {
            beforeEmit.accept(i);
            source.emit(inputs.get(i));
        }
        cluster.awaitDrained(DRAIN);
    }

    /** Polls {@code condition} until it holds; fails saying {@code what} after {@code timeout}. */
    static void await(Duration timeout, BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + timeout + ": " + what.get());
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    /** Sum of a metric over every worker the cluster has seen, the dead ones included. */
    static long total(Cluster cluster, ToLongFunction<WorkerMetrics> metric) {
        return cluster.metrics().stream().mapToLong(metric).sum();
    }
}
