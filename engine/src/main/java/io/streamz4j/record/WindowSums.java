package io.streamz4j.record;

import io.streamz4j.record.value.WindowAggregateEncoder;

/**
 * The incremental part of a window aggregate shared by every record window: the count and three
 * {@link CompensatedSum}s (of the values, of the weights, of weight times value), updated as a
 * record enters ({@link #add}) or leaves ({@link #remove}) the window, so an aggregate costs the
 * same whatever the window's length. Mean and weighted mean are quotients of these at write time:
 * {@code mean = sum / count}, {@code weightedMean = sum(weight * value) / sum(weight)} (NaN when the
 * weights sum to zero). With every weight 1 the weighted sums are the plain ones computed the same
 * way, so {@code weightedMean == mean} exactly. Allocates nothing after construction.
 *
 * <p>Thread safety: not thread safe; confined to the thread of the window that owns it.
 */
final class WindowSums {
    private final CompensatedSum sum = new CompensatedSum();
    private final CompensatedSum weightSum = new CompensatedSum();
    private final CompensatedSum weightedSum = new CompensatedSum();
    private long count;

    void add(double value, double weight) {
        count++;
        sum.add(value);
        weightSum.add(weight);
        weightedSum.add(weight * value);
    }

    /** Takes out a record added before with the same value and weight. */
    void remove(double value, double weight) {
        count--;
        sum.add(-value);
        weightSum.add(-weight);
        weightedSum.add(-(weight * value)); // the same product as added: the two cancel exactly
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

    /** Writes count, sum, mean, weightSum and weightedMean. */
    void write(WindowAggregateEncoder out) {
        double total = sum.value();
        double weights = weightSum.value();
        out.count(count);
        out.sum(total);
        out.mean(total / count);
        out.weightSum(weights);
        out.weightedMean(weightedSum.value() / weights);
    }
}
