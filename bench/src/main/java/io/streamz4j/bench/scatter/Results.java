package io.streamz4j.bench.scatter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.function.LongUnaryOperator;

/**
 * What came back from a side: how many results, and how many differ from what the side must
 * return for the element sent at that position (the harness sends 0, 1, 2, ... in order and every
 * side delivers in that order, so the n-th result must be {@code expected(n)}). The count is what
 * the measuring thread waits on; a mismatch makes the run's figures worthless, and the report
 * says so. Optionally the first results are kept, for the tests.
 *
 * <p>Thread safety: one thread calls {@link #accept} (the side's receiving thread: the measuring
 * thread for the echo, the cluster's agent thread for scatter); any thread reads the counts, which
 * are published with release writes. {@link #kept()} is for after the run.
 */
final class Results {
    private static final VarHandle RECEIVED;
    private static final VarHandle MISMATCHES;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            RECEIVED = lookup.findVarHandle(Results.class, "received", long.class);
            MISMATCHES = lookup.findVarHandle(Results.class, "mismatches", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final LongUnaryOperator expected;
    private final long[] kept;
    private volatile long received;
    private volatile long mismatches;

    /**
     * @param expected the result the side must return for the element sent n-th (element n)
     * @param keep     how many of the first results to keep for {@link #kept()} (0 in the bench)
     */
    Results(LongUnaryOperator expected, int keep) {
        this.expected = expected;
        this.kept = new long[keep];
    }

    void accept(long value) {
        long n = (long) RECEIVED.getOpaque(this);
        if (value != expected.applyAsLong(n)) {
            MISMATCHES.setRelease(this, (long) MISMATCHES.getOpaque(this) + 1);
        }
        if (n < kept.length) {
            kept[(int) n] = value;
        }
        RECEIVED.setRelease(this, n + 1);
    }

    long received() {
        return (long) RECEIVED.getAcquire(this);
    }

    long mismatches() {
        return (long) MISMATCHES.getAcquire(this);
    }

    /** The first results, as many as were kept and received. */
    long[] kept() {
        return Arrays.copyOf(kept, (int) Math.min(kept.length, received()));
    }
}
