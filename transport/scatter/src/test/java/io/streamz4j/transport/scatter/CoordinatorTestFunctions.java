package io.streamz4j.transport.scatter;

import io.streamz4j.frame.Frame;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The functions the coordinator's end-to-end tests scatter, loaded on both sides by name
 * ({@code ClusterOptions.library} here, {@code --library} on the workers). The same constants
 * run the local reference pipelines.
 */
public final class CoordinatorTestFunctions implements FunctionLibrary {
    public static final RemoteFunction.Mapper<Long, Long> INC = RemoteFunction.map("coord-test.inc", (Long x) -> x + 1);
    public static final RemoteFunction.Filter<Long> EVEN = RemoteFunction.filter("coord-test.even", (Long x) -> x % 2 == 0);
    public static final RemoteFunction.Mapper<Long, List<Long>> PAIR =
            RemoteFunction.map("coord-test.pair", (Long x) -> List.of(x, x * 10));
    public static final RemoteFunction.Starmapper<Long> ADD =
            RemoteFunction.starmap("coord-test.add", (Object[] args) -> (Long) args[0] + (Long) args[1]);
    /** x to the list [x, x, ...] of x % 3 items, for flatten. */
    public static final RemoteFunction.Mapper<Long, List<Long>> REPEAT = RemoteFunction.map("coord-test.repeat",
            (Long x) -> {
                List<Long> copies = new ArrayList<>();
                for (long i = 0; i < x % 3; i++) {
                    copies.add(x);
                }
                return copies;
            });
    public static final RemoteFunction.Accumulator<Long, Long> SUM =
            RemoteFunction.accumulate("coord-test.sum", (Long state, Long x) -> state + x, 0L);
    public static final RemoteFunction.Reducer<Long> MAX =
            RemoteFunction.accumulate("coord-test.max", (Long a, Long b) -> Math.max(a, b));
    /** Throws on multiples of 7 (0 included). */
    public static final RemoteFunction.Mapper<Long, Long> FAIL_ON_SEVENS = RemoteFunction.map("coord-test.sevens",
            (Long x) -> {
                if (x % 7 == 0) {
                    throw new ArithmeticException("multiple of seven: " + x);
                }
                return x;
            });
    /** Takes about a millisecond, so elements pile up in flight. */
    public static final RemoteFunction.Mapper<Long, Long> SLOW = RemoteFunction.map("coord-test.slow", (Long x) -> {
        LockSupport.parkNanos(1_000_000);
        return x;
    });
    /**
     * A negative x waits until the file {@link #holdFile}(-x) exists (at most a minute) before it
     * returns; others return at once: the tests decide when the held element completes.
     */
    public static final RemoteFunction.Mapper<Long, Long> HOLD = RemoteFunction.map("coord-test.hold", (Long x) -> {
        if (x < 0) {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!Files.exists(holdFile(-x)) && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000);
            }
        }
        return x;
    });

    /** Multiples of 10 take 1.5 s, far longer than a short worker timeout; the rest return at once. */
    public static final RemoteFunction.Mapper<Long, Long> NAP = RemoteFunction.map("coord-test.nap", (Long x) -> {
        if (x % 10 == 0) {
            LockSupport.parkNanos(1_500_000_000L);
        }
        return x;
    });

    /** A byte array's length, after about 5 ms: a worker far slower than the producer. */
    public static final RemoteFunction.Mapper<byte[], Long> SLOW_LENGTH = RemoteFunction.map("coord-test.slow-length",
            (byte[] bytes) -> {
                LockSupport.parkNanos(5_000_000);
                return (long) bytes.length;
            });
    /** A frame's row count. */
    public static final RemoteFunction.Mapper<Frame, Long> ROWS = RemoteFunction.map("coord-test.rows",
            (Frame frame) -> (long) frame.rows());
    /** The frame's "sym" column alone, as a frame. */
    public static final RemoteFunction.Mapper<Frame, Frame> SYMBOLS = RemoteFunction.map("coord-test.symbols",
            (Frame frame) -> frame.select(List.of("sym")));

    /** The file that releases element -id of {@link #HOLD}. */
    public static Path holdFile(long id) {
        return Path.of(System.getProperty("java.io.tmpdir"), "streamz4j-coord-hold-" + id);
    }

    @Override
    public void register(FunctionTable table) {
        for (RemoteFunction function : List.of(INC, EVEN, PAIR, ADD, REPEAT, SUM, MAX, FAIL_ON_SEVENS, SLOW, HOLD,
                ROWS, SYMBOLS, SLOW_LENGTH, NAP)) {
            table.register(function);
        }
    }
}
