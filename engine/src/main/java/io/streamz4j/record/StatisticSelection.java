package io.streamz4j.record;

import io.streamz4j.record.value.WindowAggregateEncoder;

import java.util.Set;

/**
 * Which of a window's running parts its chosen {@link WindowStatistic}s need (the sum of the
 * values, the weighted sums, the extremes), and which aggregate fields it writes: a flag per
 * statistic, read on every record, so a part no statistic needs costs one predictable branch.
 *
 * <p>Thread safety: immutable.
 */
final class StatisticSelection {
    static final StatisticSelection ALL = new StatisticSelection(Set.of(WindowStatistic.values()));

    final boolean sum;
    final boolean mean;
    final boolean min;
    final boolean max;
    final boolean weightSum;
    final boolean weightedMean;
    /** Whether the values' sum is kept: for the sum or the mean. */
    final boolean keepsSum;
    /** Whether the weights' and the weighted values' sums are kept: for the weight sum or the weighted mean. */
    final boolean keepsWeighted;
    /** Whether the extremes are kept: for the min or the max. */
    final boolean keepsExtremes;

    StatisticSelection(Set<WindowStatistic> chosen) {
        sum = chosen.contains(WindowStatistic.SUM);
        mean = chosen.contains(WindowStatistic.MEAN);
        min = chosen.contains(WindowStatistic.MIN);
        max = chosen.contains(WindowStatistic.MAX);
        weightSum = chosen.contains(WindowStatistic.WEIGHT_SUM);
        weightedMean = chosen.contains(WindowStatistic.WEIGHTED_MEAN);
        keepsSum = sum || mean;
        keepsWeighted = weightSum || weightedMean;
        keepsExtremes = min || max;
    }

    /** Writes min and max as chosen (the slot holds NaN in the others). */
    void writeExtremes(WindowAggregateEncoder out, double smallest, double largest) {
        if (min) {
            out.min(smallest);
        }
        if (max) {
            out.max(largest);
        }
    }
}
