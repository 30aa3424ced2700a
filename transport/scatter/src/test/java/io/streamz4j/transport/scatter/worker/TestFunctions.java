package io.streamz4j.transport.scatter.worker;

import io.streamz4j.frame.Frame;
import io.streamz4j.transport.scatter.FunctionLibrary;
import io.streamz4j.transport.scatter.FunctionTable;
import io.streamz4j.transport.scatter.RemoteFunction;

/** The functions the worker process tests name on the worker's command line ({@code --library}). */
public final class TestFunctions implements FunctionLibrary {
    static final RemoteFunction.Mapper<Long, Long> INC = RemoteFunction.map("t.inc", x -> x + 1);
    static final RemoteFunction.Filter<Long> ODD = RemoteFunction.filter("t.odd", x -> x % 2 == 1);
    static final RemoteFunction.Accumulator<Long, Long> SUM = RemoteFunction.accumulate("t.sum", Long::sum, 0L);
    static final RemoteFunction.Mapper<Long, Long> FAIL_ON_7 = RemoteFunction.map("t.fail7", x -> {
        if (x == 7) {
            throw new ArithmeticException("seven is refused");
        }
        return x;
    });

    static final RemoteFunction.Mapper<Frame, Long> ROWS = RemoteFunction.map("t.rows", f -> (long) f.rows());
    static final RemoteFunction.Mapper<Object, Object> SAME = RemoteFunction.map("t.same", x -> x);

    @Override
    public void register(FunctionTable table) {
        table.register(INC).register(ODD).register(SUM).register(FAIL_ON_7).register(ROWS).register(SAME);
    }
}
