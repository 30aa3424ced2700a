package io.streamz4j.bench;

import org.openjdk.jmh.annotations.Fork;

/**
 * {@link MapFilterMapBenchmark} in a JVM run with {@code -Dstreamz4j.checkThreads=false}, where a
 * plain source's {@code emit} skips its owner-thread check (on by default). Run beside
 * {@code MapFilterMapBenchmark.streamz4j} in the same JMH run, the difference is the check's cost
 * per element: {@code java -jar bench/target/benchmarks.jar '(MapFilterMap|UncheckedEmit)Benchmark.streamz4j$'}.
 * It inherits the other sides too (JMH runs every inherited benchmark method), which the switch
 * does not touch; only {@code streamz4j} is worth running here.
 *
 * <p>Thread safety: as {@link SyncBenchmark}.
 */
@Fork(value = 1, jvmArgsAppend = "-Dstreamz4j.checkThreads=false")
public class UncheckedEmitBenchmark extends MapFilterMapBenchmark {
}
