package io.streamz4j.frame.window;

import io.streamz4j.frame.ColumnType;

/**
 * One column's exponentially weighted statistic carried from row to row: pandas' recursion
 * ({@code ewm} for the mean, {@code ewmcov} of a column with itself for the variance) with its
 * loop variables kept between frames, so frames run one after another give what pandas gives on
 * their concatenation. The state before the first row is the one for which pandas' step on that
 * row gives pandas' first-row start.
 *
 * <p>Thread safety: confined to the node that owns it.
 */
abstract class EwmRecurrence {
    final double oldWeightFactor;
    final double newWeight;
    final boolean adjust;
    final boolean ignoreNa;
    final int minObservations;
    long observations;

    EwmRecurrence(EwmSpec spec) {
        double alpha = 1 / (1 + spec.com());
        this.oldWeightFactor = 1 - alpha;
        this.newWeight = spec.adjust() ? 1 : alpha;
        this.adjust = spec.adjust();
        this.ignoreNa = spec.ignoreNa();
        this.minObservations = Math.max(spec.minPeriods(), 1);
    }

    /** Steps through rows {@code [0, rows)} of a numeric data buffer, writing each row's result as a double into {@code out}. */
    abstract void run(ColumnType type, long in, int rows, long out);
}
