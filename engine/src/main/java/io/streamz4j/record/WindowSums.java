package io.streamz4j.record;

import io.streamz4j.record.value.WindowAggregateEncoder;

/**
 * The incremental part of a window aggregate shared by every record window: the count and three
 * {@link CompensatedSum}s (of the values, of the weights, of weight times value), updated as a
 * record enters ({@link #add}) or leaves ({@link #remove}) the window, so an aggregate costs the
 * same whatever the window's length. Mean and weighted mean are quotients of these at write time:
 * {@code mean = sum / count}, {@code weightedMean = sum(weight * value) / sum(weight)} (NaN when the
 * weights sum to zero). With every weight 1 the weighted sums are the plain ones computed the same
 * way, so {@code weightedMean == mean} exactly. Only the sums the window's
 * {@link StatisticSelection} needs are kept. Allocates nothing after construction.
 *
 * <p>Thread safety: not thread safe; confined to the thread of the window that owns it.
 */
final class WindowSums {
    private final CompensatedSum sum = new CompensatedSum();
    private final CompensatedSum weightSum = new CompensatedSum();
    private final CompensatedSum weightedSum = new CompensatedSum();
    // The selection's flags, copied so a record reads them from this object rather than one more away.
    private final boolean keepsSum;
    private final boolean keepsWeighted;
    private final boolean writesSum;
    private final boolean writesMean;
    private final boolean writesWeightSum;
    private final boolean writesWeightedMean;
    private long count;

    WindowSums(StatisticSelection selection) {
        keepsSum = selection.keepsSum;
        keepsWeighted = selection.keepsWeighted;
        writesSum = selection.sum;
        writesMean = selection.mean;
        writesWeightSum = selection.weightSum;
        writesWeightedMean = selection.weightedMean;
    }

    void add(double value, double weight) {
        count++;
        if (keepsSum) {
            sum.add(value);
        }
        if (keepsWeighted) {
            weightSum.add(weight);
            weightedSum.add(weight * value);
        }
    }

    /** Takes out a record added before with the same value and weight. */
    void remove(double value, double weight) {
        count--;
        if (keepsSum) {
            sum.add(-value);
        }
        if (keepsWeighted) {
            weightSum.add(-weight);
            weightedSum.add(-(weight * value)); // the same product as added: the two cancel exactly
        }
    }

    void clear() {
        count = 0;
        sum.clear();
        weightSum.clear();
        weightedSum.clear();
    }

    long count() {
        return count;
    }

    /** Writes count, and sum, mean, weightSum and weightedMean as chosen (the slot holds NaN in the others). */
    void write(WindowAggregateEncoder out) {
        out.count(count);
        if (keepsSum) {
            double total = sum.value();
            if (writesSum) {
                out.sum(total);
            }
            if (writesMean) {
                out.mean(total / count);
            }
        }
        if (keepsWeighted) {
            double weights = weightSum.value();
            if (writesWeightSum) {
                out.weightSum(weights);
            }
            if (writesWeightedMean) {
                out.weightedMean(weightedSum.value() / weights);
            }
        }
    }
}
