package io.streamz4j.record;

/**
 * A running sum of doubles that values are added to and taken from without drifting. A sliding
 * window adds each value once and subtracts it once when it leaves; a plain running sum keeps the
 * rounding errors of both for good, so one large value passing through a window of small ones
 * leaves their low bits wrong for the rest of the stream. Here each addition's rounding error is
 * computed exactly (Knuth's two-sum) and added to a second double, the compensation, whose own
 * rounding errors are computed exactly the same way and added to a third, the residue; so the
 * errors cancel as the values that caused them leave. Each of the three is a chain of one addition
 * per value (the error terms hang off it), so the sum costs little more latency than a plain one.
 *
 * <p>Tolerance: {@link #value()} adds the three with one more exact two-sum, so it is within about
 * an ulp of the exact sum of the values added and not yet taken out, plus the residue's own
 * rounding, at worst about {@code (k eps)^3 M} (eps = 2^-53, {@code M} the largest magnitude the
 * sum held, {@code k} the additions since the last {@link #clear()}): for a billion additions,
 * about {@code 1e-21 M}. Values must be finite. Allocates nothing.
 *
 * <p>Thread safety: not thread safe; confined to the thread of the window that owns it.
 */
final class CompensatedSum {
    private double sum;
    private double compensation;
    private double residue;

    /** Adds {@code x}; subtracting is adding {@code -x}, which is exact. */
    void add(double x) {
        double total = sum + x;
        double fromX = total - sum;
        double error = (sum - (total - fromX)) + (x - fromX); // exactly what rounding total lost
        sum = total;
        double carried = compensation + error;
        double fromError = carried - compensation;
        residue += (compensation - (carried - fromError)) + (error - fromError); // what rounding the carry lost
        compensation = carried;
    }

    /**
     * The sum of what was added. Sum and compensation may be large and of opposite signs (a large
     * value came and went), so their total is taken with its exact error before the residue joins.
     */
    double value() {
        double total = sum + compensation;
        double fromCompensation = total - sum;
        double error = (sum - (total - fromCompensation)) + (compensation - fromCompensation);
        return total + (error + residue);
    }

    /** Back to exactly zero (a window that emptied holds nothing, not a residue of errors). */
    void clear() {
        sum = 0;
        compensation = 0;
        residue = 0;
    }
}
