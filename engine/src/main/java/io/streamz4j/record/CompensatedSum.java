package io.streamz4j.record;

/**
 * A running sum of doubles that values are added to and taken from without drifting. A sliding
 * window adds each value once and subtracts it once when it leaves; a plain running sum keeps the
 * rounding errors of both for good, so one large value passing through a window of small ones
 * leaves their low bits wrong for the rest of the stream. Here each addition's rounding error is
 * computed exactly (Knuth's two-sum) and carried in a second double, and the rounding error of
 * that carry in a third, so the errors cancel when the values that caused them leave. The carry is
 * folded back into the sum after each addition (again exactly), so it stays below an ulp of the sum.
 *
 * <p>Tolerance: {@link #value()} is within about two ulps of the exact sum of the values added and
 * not yet taken out, plus a residue of order {@code k ε³ M} (ε = 2⁻⁵³, {@code M} the largest
 * magnitude the sum held, {@code k} the additions since the last {@link #clear()}), which stays
 * below an ulp of any realistic sum for any stream a machine can produce. Values must be finite.
 * Allocates nothing.
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
        double carried = compensation + error;
        double fromError = carried - compensation;
        residue += (compensation - (carried - fromError)) + (error - fromError); // what rounding the carry lost
        // Fold the carry back into the sum, keeping the exact remainder: the carry stays below an
        // ulp of the sum, so it cannot grow as the errors of a long stream add up, and value()
        // adds two numbers of different scales instead of cancelling two large ones.
        sum = total + carried;
        double fromCarried = sum - total;
        compensation = (total - (sum - fromCarried)) + (carried - fromCarried);
    }

    /** The sum of what was added, rounded. */
    double value() {
        return sum + (compensation + residue);
    }

    /** Back to exactly zero (a window that emptied holds nothing, not a residue of errors). */
    void clear() {
        sum = 0;
        compensation = 0;
        residue = 0;
    }
}
