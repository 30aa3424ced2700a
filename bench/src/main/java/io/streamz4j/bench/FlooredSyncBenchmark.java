package io.streamz4j.bench;

import java.util.function.Consumer;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;

/**
 * A synchronous benchmark that also has floors: the same work as a chain of hand-written node
 * objects ({@link HandChain}, what any chain of nodes costs) and as plain calls (no framework).
 *
 * <p>Thread safety: as {@link SyncBenchmark}.
 */
public abstract class FlooredSyncBenchmark extends SyncBenchmark {

    /** The pipeline as hand-written node objects. */
    public abstract HandChain chainPipeline(Consumer<Object> out);

    /** The pipeline's work for one element as plain calls. */
    public abstract void floorStep(Integer x, Consumer<Object> out);

    @Benchmark
    @OperationsPerInvocation(Ints.BATCH)
    public void chain(SyncSides.ChainSide side) {
        side.emitBatch();
    }

    @Benchmark
    @OperationsPerInvocation(Ints.BATCH)
    public void floor(SyncSides.FloorSide side) {
        side.emitBatch();
    }
}
