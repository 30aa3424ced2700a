package io.streamz4j.bench;

import org.openjdk.jmh.annotations.Fork;

/**
 * {@link MapFilterMapBenchmark} in a JVM run with {@code -Dstreamz4j.checkThreads=true}, where a
 * plain source's {@code emit} checks that no other thread is emitting into it. Run beside
 * {@code MapFilterMapBenchmark.streamz4j} (the check off, its default) in the same JMH run, the
 * difference is the check's cost per element:
 * {@code java -jar bench/target/benchmarks.jar '(MapFilterMap|CheckedEmit)Benchmark.streamz4j$'}.
 * It inherits the other sides too (JMH runs every inherited benchmark method), which the switch
 * does not touch; only {@code streamz4j} is worth running here.
 *
 * <p>Thread safety: as {@link SyncBenchmark}.
 */
@Fork(value = 1, jvmArgsAppend = "-Dstreamz4j.checkThreads=true")
public class CheckedEmitBenchmark extends MapFilterMapBenchmark {
}
