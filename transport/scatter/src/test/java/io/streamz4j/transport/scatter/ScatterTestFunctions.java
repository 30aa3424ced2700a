package io.streamz4j.transport.scatter;

import java.util.List;

/**
 * The functions the end-to-end tests scatter, named on the workers' and the cluster's command
 * lines ({@code --library}, {@code ClusterOptions.library}) rather than listed for ServiceLoader,
 * so the tests say which library they ship. The same objects run the in-process reference runs.
 *
 * <p>Thread safety: the functions are pure; {@link #register} runs once per table.
 */
public final class ScatterTestFunctions implements FunctionLibrary {
    static final RemoteFunction.Mapper<Long, Long> INC = RemoteFunction.map("e2e.inc", (Long x) -> x + 1);
    static final RemoteFunction.Filter<Long> NOT_DIVISIBLE_BY_3 = RemoteFunction.filter("e2e.notDivisibleBy3",
            (Long x) -> x % 3 != 0);
    static final RemoteFunction.Mapper<Long, List<Long>> WITH_TENFOLD = RemoteFunction.map("e2e.withTenfold",
            (Long x) -> List.of(x, x * 10));
    static final RemoteFunction.Starmapper<Long> TIMES = RemoteFunction.starmap("e2e.times",
            args -> (Long) args[0] * (Long) args[1]);
    static final RemoteFunction.Accumulator<Long, Long> SUM = RemoteFunction.accumulate("e2e.sum",
            (Long state, Long x) -> state + x, 0L);

    @Override
    public void register(FunctionTable table) {
        table.register(INC);
        table.register(NOT_DIVISIBLE_BY_3);
        table.register(WITH_TENFOLD);
        table.register(TIMES);
        table.register(SUM);
    }
}
