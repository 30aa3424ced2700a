package io.streamz4j.bench.scatter;

import io.streamz4j.transport.scatter.FunctionLibrary;
import io.streamz4j.transport.scatter.FunctionTable;
import io.streamz4j.transport.scatter.RemoteFunction;

/**
 * The scatter suite's function, registered by name for the workers (listed for
 * {@link java.util.ServiceLoader} in {@code META-INF/services}, so the benchmarks jar carries it to
 * every worker's class path): {@code inc}, as in streamz's own {@code scatter().map(inc)}.
 *
 * <p>Thread safety: stateless; {@link #INC} is a pure function, called on whichever thread runs
 * the step (a worker's poll thread, or the caller's in a local pipeline).
 */
public final class BenchFunctions implements FunctionLibrary {
    /** {@code x + 1} on a Long. */
    public static final RemoteFunction.Mapper<Long, Long> INC = RemoteFunction.map("bench.inc", x -> x + 1);

    @Override
    public void register(FunctionTable table) {
        table.register(INC);
    }
}
